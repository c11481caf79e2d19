import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import manifest from '../../../public/data/manifest.json';
import { parseRunConfig } from '../config';
import { buildDataset } from '../data/build';
import { decodePool, type PoolEntry } from '../data/images';
import { Rng } from '../rng';
import type { RunSnapshot } from '../snapshot';
import { useCpuBackend } from '../test/setup';
import { Trainer } from '../trainer';
import { createVitBackbone, gelu, patchOrder } from './vit';

beforeAll(useCpuBackend);

function pool(key: string) {
  const entry = (manifest.files as unknown as Record<string, PoolEntry>)[key] as PoolEntry;
  return decodePool(entry, new Uint8Array(gunzipSync(readFileSync(new URL(`../../../public/data/${entry.file}`, import.meta.url)))));
}

describe('the ViT', () => {
  it('cuts an image into row-major patches of row-major pixels', () => {
    // A 4 × 4 one-channel image in 2 × 2 patches: patch 0 is pixels 0, 1, 4, 5; patch 1 is 2, 3, 6, 7.
    expect(Array.from(patchOrder([4, 4, 1], 2)).slice(0, 8)).toEqual([0, 1, 4, 5, 2, 3, 6, 7]);
    expect(new Set(patchOrder([28, 28, 1], 4)).size).toBe(784);
  });

  it('uses the tanh form of GELU', () => {
    const y = tf.tidy(() => gelu(tf.tensor1d([-1, 0, 1])).dataSync());
    const ref = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
    [-1, 0, 1].forEach((x, i) => expect(y[i]).toBeCloseTo(ref(x), 6));
  });

  it('gives CLS and DIST features, and CLS attention over the patches that sums to less than 1', () => {
    const start = tf.memory().numTensors;
    const vit = createVitBackbone({ inputShape: [8, 8, 1], grid: 4, width: 16, blocks: 2, heads: 4, tokens: 2 }, new Rng(1));
    const x = tf.tensor2d(Float32Array.from({ length: 3 * 64 }, (_, i) => (i % 7) / 7), [3, 64]);
    const [f, a] = tf.tidy(() => [vit.features(x), vit.attention(x)]);
    expect(f.shape).toEqual([3, 32]);
    expect(a.shape).toEqual([3, 16]);
    const sums = tf.tidy(() => tf.sum(a, 1).dataSync());
    for (const s of sums) {
      expect(s).toBeGreaterThan(0.5); // CLS and DIST keys take the rest
      expect(s).toBeLessThan(1);
    }
    // A plain ViT of the same seed shares every weight but the DIST token's.
    const plain = createVitBackbone({ inputShape: [8, 8, 1], grid: 4, width: 16, blocks: 2, heads: 4, tokens: 1 }, new Rng(1));
    expect(plain.variables.length).toBe(vit.variables.length - 2);
    expect(Array.from(plain.variables[2]?.dataSync() ?? [])).toEqual(Array.from(vit.variables[2]?.dataSync() ?? []));
    tf.dispose([x, f, a, ...vit.variables, ...plain.variables]);
    // Disposing the variables frees everything the models made (no initial tensor left behind).
    expect(tf.memory().numTensors).toBe(start);
  });

  it('DeiT-LT trains its teacher first, then the ViT, with a flat tensor count', async () => {
    const parsed = parseRunConfig({
      seed: 4,
      dataset: { kind: 'digits', classes: 4, nMax: 24, rho: 4, testPerClass: 10 },
      model: { kind: 'vit', vitWidth: 16, vitBlocks: 1, vitHeads: 2, filters1: 4, filters2: 4, dense: 8 },
      batchSize: 16,
      epochs: 2,
      method: { id: 'deit-lt', params: { teacherEpochs: 2 } },
    });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const cfg = parsed.config;
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed, { train: pool('digits-train'), test: pool('digits-test') }));
    expect(trainer.totalSteps).toBe(2 * trainer.teacherSteps);
    const phases: string[] = [];
    const counts: number[] = [];
    let last: RunSnapshot | undefined;
    while (!trainer.done) {
      trainer.trainStep();
      last = await trainer.evaluate();
      phases.push(last.distillation?.phase ?? '');
      counts.push(tf.memory().numTensors);
    }
    trainer.dispose();
    expect(phases.indexOf('student')).toBe(trainer.teacherSteps);
    expect(last?.distillation?.teacherPerClass?.length).toBe(4);
    expect(last?.experts?.labels).toEqual(['CLS head', 'DIST head']);
    expect(last?.attention?.maps.length).toBe(4 * 16);
    expect(new Set(counts.slice(trainer.teacherSteps + 2)).size).toBe(1);
  });

  it('is refused for 2-D points, with heads that do not divide the width, and DeiT-LT without it', () => {
    const onPoints = parseRunConfig({ dataset: { kind: 'blobs' }, model: { kind: 'vit' } });
    expect(!onPoints.ok && onPoints.errors.join()).toMatch(/VIT needs an image dataset/);
    const heads = parseRunConfig({ dataset: { kind: 'digits', nMax: 100 }, model: { kind: 'vit', vitWidth: 30, vitHeads: 4 } });
    expect(!heads.ok && heads.errors.join()).toMatch(/multiple of its heads/);
    const deit = parseRunConfig({ dataset: { kind: 'digits', nMax: 100 }, model: { kind: 'cnn' }, method: { id: 'deit-lt' } });
    expect(!deit.ok && deit.errors.join()).toMatch(/needs the VIT model/);
  });
});
