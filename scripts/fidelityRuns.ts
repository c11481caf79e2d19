import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import manifest from '../public/data/manifest.json';
import { pytorchProject } from '../src/app/export/pytorch/bundle';
import { runPython, writeProject } from '../src/app/export/pytorch/pythonRunner';
import { parseRunConfig, type RunConfig } from '../src/training/config';
import { buildDataset, type ImagePools } from '../src/training/data/build';
import { decodePool, type PoolEntry } from '../src/training/data/images';
import type { RunSnapshot } from '../src/training/snapshot';
import { Trainer } from '../src/training/trainer';
import { patchWasmIdentity } from '../src/workers/kernels/wasmIdentity';
import { patchWasmBatchMatMul } from '../src/workers/kernels/wasmMatMul';
import { patchWasmMaxPoolGrad } from '../src/workers/kernels/wasmMaxPoolGrad';

/** The fidelity runs' two sides (scripts/fidelity.test.ts): the app's training code in Node, and the exported train.py. */

/** The reference scenario: Fashion-MNIST-LT, n_max 1,000, ρ 100, the reference CNN, Adam 1e-3, batch 128, 10 epochs, 500 uniform test images per class. */
export function referenceConfig(seed: number, id: string, overrides: Record<string, unknown> = {}): RunConfig {
  const parsed = parseRunConfig({
    seed,
    dataset: { kind: 'fashion-mnist', classes: 10, nMax: 1000, rho: 100, testPerClass: 500, testDistribution: 'uniform' },
    model: { kind: 'cnn', filters1: 16, filters2: 32, dense: 64 },
    optimizer: { kind: 'adam', learningRate: 0.001 },
    batchSize: 128,
    epochs: 10,
    method: { id },
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.config;
}

function pool(key: string) {
  const entry = (manifest.files as unknown as Record<string, PoolEntry>)[key] as PoolEntry;
  return decodePool(entry, new Uint8Array(gunzipSync(readFileSync(new URL(`../public/data/${entry.file}`, import.meta.url)))));
}

export function referencePools(): ImagePools {
  return { train: pool('fashion-mnist-train-1k'), test: pool('fashion-mnist-test-500') };
}

/**
 * The app's backend for these runs: 'wasm' (the browser's CPU fallback, one thread, with the
 * worker's patched kernels) or 'cpu' (tfjs' plain-JavaScript kernels, several times slower).
 */
export async function useBackend(name: 'wasm' | 'cpu'): Promise<void> {
  if (name === 'wasm') tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  await tf.setBackend(name);
  await tf.ready();
  if (name === 'wasm') {
    patchWasmBatchMatMul();
    patchWasmMaxPoolGrad();
    patchWasmIdentity();
  }
}

/**
 * The app's run, as a worker trains it: to the end, then (SADE) the test-time aggregation, then the
 * evaluation. `beforeAggregation`: SADE's evaluation with equal weights, before the aggregation.
 */
export async function appRun(cfg: RunConfig, pools: ImagePools): Promise<{ snapshot: RunSnapshot; beforeAggregation?: RunSnapshot }> {
  const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed, pools), { filterGrad: 'conv' });
  while (!trainer.done) trainer.trainStep();
  let last: RunSnapshot | undefined;
  const beforeAggregation = trainer.hasTestTimeAggregation ? await trainer.evaluate() : undefined;
  if (trainer.hasTestTimeAggregation) for await (const step of trainer.runTestTimeAggregation()) last = step.snapshot;
  const snapshot = last ?? beforeAggregation ?? (await trainer.evaluate());
  trainer.dispose();
  return { snapshot, beforeAggregation };
}

interface TorchMetrics {
  accuracy: number;
  balancedAccuracy: number;
  splits: { many: number; medium: number; few: number };
  ece: number;
}

export interface TorchResults {
  test: TorchMetrics;
  /** Every evaluation; with a test-time aggregation, the one before last is the run's end with equal weights. */
  history?: TorchMetrics[];
  pytorch?: { testTimeAggregation?: { weights: number[] }[] };
}

/** The exported project of the same run (same examples, initial weights, batch order), trained by train.py on the CPU. */
export function torchRun(cfg: RunConfig, pools: ImagePools, work: string, name: string): TorchResults {
  const dir = writeProject(pytorchProject(cfg, buildDataset(cfg.dataset, cfg.seed, pools)), name, work);
  const out = join(dir, 'results.json');
  runPython([join(dir, 'train.py'), '--device', 'cpu', '--out', out, '--eval-every', '100'], { cwd: dir, env: { OMP_NUM_THREADS: '1' }, timeoutMs: 3_600_000 });
  return JSON.parse(readFileSync(out, 'utf8')) as TorchResults;
}
