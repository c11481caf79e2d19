import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import manifest from '../../../public/data/manifest.json';
import { parseRunConfig, type RunConfig } from '../config';
import { buildDataset, type ImagePools } from '../data/build';
import { decodePool, type PoolEntry } from '../data/images';
import type { RunSnapshot } from '../snapshot';
import { Trainer } from '../trainer';

/**
 * Test support (Node only): the image efficacy setting, digits-LT with a small CNN. Digits
 * (8×8, ≤ 128 training images a class), n_max 120, ρ = 20: 120 / 86 / 61 / 44 / 31 / 22 / 16 /
 * 11 / 8 / 6 images, so the default split rule gives Many = class 0 (> 100), Few = classes 6–9
 * (< 20); 50 test images a class, uniform. CNN 8/16/32, Adam 0.01, batch 64, 12 epochs.
 */
function pool(key: string) {
  const entry = (manifest.files as unknown as Record<string, PoolEntry>)[key] as PoolEntry;
  return decodePool(entry, new Uint8Array(gunzipSync(readFileSync(new URL(`../../../public/data/${entry.file}`, import.meta.url)))));
}

let pools: ImagePools | undefined;
export function digitsPools(): ImagePools {
  pools ??= { train: pool('digits-train'), test: pool('digits-test') };
  return pools;
}

export function digitsConfig(seed: number, id: string, params: Record<string, number> = {}, overrides: Record<string, unknown> = {}): RunConfig {
  const parsed = parseRunConfig({
    seed,
    dataset: { kind: 'digits', classes: 10, nMax: 120, rho: 20, testPerClass: 50 },
    model: { kind: 'cnn', filters1: 8, filters2: 16, dense: 32 },
    optimizer: { kind: 'adam', learningRate: 0.01 },
    batchSize: 64,
    epochs: 12,
    method: { id, params },
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.config;
}

/** One digits-LT run trained to the end: its final snapshot. */
export async function trainDigitsRun(seed: number, id: string, params: Record<string, number> = {}, overrides: Record<string, unknown> = {}): Promise<RunSnapshot> {
  const cfg = digitsConfig(seed, id, params, overrides);
  const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed, digitsPools()));
  while (!trainer.done) trainer.trainStep();
  const s = await trainer.evaluate();
  trainer.dispose();
  return s;
}
