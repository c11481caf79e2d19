import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { parseRunConfig, type RunConfig } from '../config';
import { buildDataset } from '../data/build';
import { trainingLoop } from '../run';
import type { RunSnapshot } from '../snapshot';
import { Trainer } from '../trainer';

/** Unit tests run the training core on tfjs' CPU backend in Node. */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** A small blobs run (5 classes, ρ = 100, 4 epochs) for trainer tests; `overrides` replace top-level keys. */
export function smallConfig(overrides: Record<string, unknown> = {}): RunConfig {
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

/** Trains `cfg` to the end in big chunks and returns the final snapshot. */
export async function trainToEnd(cfg: RunConfig): Promise<RunSnapshot> {
  const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
  let last: RunSnapshot | undefined;
  for await (const s of trainingLoop(trainer, { maxSteps: 1000, maxMs: Infinity })) last = s;
  trainer.dispose();
  if (!last) throw new Error('no snapshot');
  return last;
}
