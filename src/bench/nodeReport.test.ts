import { describe, expect, it } from 'vitest';
import type { BenchResult } from './protocol';
import { quantile, summariseNodeRuns, type ReferenceTimes } from './nodeReport';
import { parseTfFlags } from './protocol';

const result = (stepMs: number[], over: Partial<BenchResult> = {}): BenchResult => ({
  scenarioId: 'cnn-fashion',
  backend: 'webgpu',
  label: 'webgpu',
  threads: null,
  ok: true,
  setupMs: 100,
  stepMs,
  batchSize: 128,
  tensorsStart: 30,
  tensorsEnd: 30,
  tensorsAfterDispose: 0,
  bytesEnd: 0,
  method: 'ce',
  seed: 1,
  ...over,
});

describe('quantile', () => {
  it('takes the mean of the middle two for an even median, the nearest rank otherwise', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([5, 1, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(2); // rank floor(0.25·4) = 1
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(4);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('summariseNodeRuns', () => {
  const reference: ReferenceTimes = {
    torch: '2.11',
    cpuThreads: 16,
    gpu: 'H100',
    scenarios: { 'cnn-fashion': { cpu: { medianMs: 10, p25Ms: 9, p75Ms: 11, batchSize: 128 }, cuda: { medianMs: 2, p25Ms: 2, p75Ms: 2, batchSize: 128 } } },
  };

  it('sets each backend against PyTorch on the same machine', () => {
    const { rows, table } = summariseNodeRuns([result([8, 12, 10, 10])], reference);
    expect(rows[0]).toMatchObject({ medianMs: 10, samplesPerSecond: 12800, vsTorch: { cpu: 1, cuda: 5 } });
    expect(table).toContain('pipelined ms/step | read-back ms | × PyTorch cpu | × PyTorch cuda');
    expect(table).toContain('cnn-fashion | webgpu | 10.0 (10.0–12.0) | 12800 | — | — | 1.0 | 5.0 | — | 30 → 30 → 0');
    expect(table).toContain('cnn-fashion | PyTorch 2.11 cuda | 2.0 (2.0–2.0) | 64000');
  });

  it('reports a failed backend with its reason, and works without a reference', () => {
    const { rows, table } = summariseNodeRuns([result([], { ok: false, error: 'no adapter' })], null);
    expect(rows[0]).toEqual({ scenarioId: 'cnn-fashion', backend: 'webgpu', ok: false, error: 'no adapter' });
    expect(table).toContain('failed: no adapter');
  });
});

describe('parseTfFlags', () => {
  it('reads numbers and booleans, and nothing from an empty text', () => {
    expect(parseTfFlags('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE=1000,WEBGPU_CPU_FORWARD=false')).toEqual({
      WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: 1000,
      WEBGPU_CPU_FORWARD: false,
    });
    expect(parseTfFlags('')).toEqual({});
  });
});
