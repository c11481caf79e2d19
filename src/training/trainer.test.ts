import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfig } from './config';
import { buildDataset } from './data/build';
import { trainingLoop } from './run';
import type { RunSnapshot } from './snapshot';
import { DivergenceError, Trainer } from './trainer';
import { useCpuBackend } from './test/setup';

beforeAll(useCpuBackend);

function config(overrides: Record<string, unknown> = {}): RunConfig {
  const parsed = parseRunConfig({
    seed: 3,
    dataset: { kind: 'blobs', classes: 5, nMax: 200, rho: 100, testPerClass: 60 },
    model: { width: 32, depth: 2 },
    optimizer: { kind: 'adam', learningRate: 0.01 },
    batchSize: 64,
    epochs: 4,
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.config;
}

async function trainToEnd(cfg: RunConfig): Promise<RunSnapshot> {
  const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
  let last: RunSnapshot | undefined;
  for await (const s of trainingLoop(trainer, { maxSteps: 1000, maxMs: Infinity })) last = s;
  trainer.dispose();
  if (!last) throw new Error('no snapshot');
  return last;
}

describe('Trainer', () => {
  it('gives the same numbers for the same seed and different ones for another seed', async () => {
    const a = await trainToEnd(config());
    const b = await trainToEnd(config());
    const c = await trainToEnd(config({ seed: 4 }));
    expect(b.trainLoss).toBe(a.trainLoss);
    expect(Array.from(b.test.perClass)).toEqual(Array.from(a.test.perClass));
    expect(c.trainLoss).not.toBe(a.trainLoss);
  });

  it('does not grow the tensor count across epochs, and frees everything on dispose', async () => {
    const before = tf.memory().numTensors;
    const cfg = config({ epochs: 6 });
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
    const counts: number[] = [];
    const loop = trainingLoop(trainer, { maxSteps: trainer.stepsPerEpoch, maxMs: Infinity });
    for await (const _ of loop) counts.push(tf.memory().numTensors);
    // Snapshot 0 is before the optimiser allocated its moments; after that the count is flat.
    expect(new Set(counts.slice(2)).size).toBe(1);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports progress step by step and stops at the last step', async () => {
    const cfg = config({ epochs: 1 });
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
    const loop = trainingLoop(trainer, { maxSteps: 1, maxMs: Infinity });
    const steps: number[] = [];
    for await (const s of loop) steps.push(s.step);
    expect(steps).toEqual(Array.from({ length: trainer.stepsPerEpoch + 1 }, (_, i) => i));
    trainer.dispose();
  });

  it('stops with a clear error when the loss diverges', async () => {
    const cfg = config({ optimizer: { kind: 'sgd', learningRate: 1, momentum: 0.99 } });
    const dataset = buildDataset(cfg.dataset, cfg.seed);
    dataset.train.x.fill(1e30); // inputs no float32 model survives
    const trainer = new Trainer(cfg, dataset);
    const run = async () => {
      for await (const _ of trainingLoop(trainer, { maxSteps: 5, maxMs: Infinity })) {
        /* drain */
      }
    };
    await expect(run()).rejects.toBeInstanceOf(DivergenceError);
    trainer.dispose();
  });

  it('learns: cross-entropy beats chance overall but leaves the tail behind at ρ = 100', async () => {
    const few: number[] = [];
    const many: number[] = [];
    for (const seed of [1, 2, 3]) {
      const s = await trainToEnd(
        config({ seed, dataset: { kind: 'blobs', classes: 10, nMax: 500, rho: 100, testPerClass: 100 }, epochs: 15 }),
      );
      expect(s.test.accuracy).toBeGreaterThan(0.3); // chance is 0.1
      many.push(s.test.splits.many);
      few.push(s.test.splits.few);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // Measured (seeds 1–3): Many ≈ 0.96, Few ≈ 0.21.
    expect(mean(many)).toBeGreaterThan(0.85);
    expect(mean(few)).toBeLessThan(mean(many) - 0.4);
  });
});
