import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import manifest from '../../../public/data/manifest.json';
import { patchWasmBatchMatMul } from '../../workers/kernels/wasmMatMul';
import { patchWasmIdentity } from '../../workers/kernels/wasmIdentity';
import { patchWasmMaxPoolGrad } from '../../workers/kernels/wasmMaxPoolGrad';
import { parseRunConfig } from '../config';
import { buildDataset, type ImagePools } from '../data/build';
import { decodePool, type PoolEntry } from '../data/images';
import type { RunSnapshot } from '../snapshot';
import { useCpuBackend } from '../test/setup';
import { Trainer } from '../trainer';
import { EFFICACY_SEEDS, expertSplit, mean } from './efficacySetup';

/**
 * DeiT-LT against its base, the same ViT trained with cross-entropy, on digits-LT (8 × 8, n_max
 * 100, ρ = 20: Many = classes 0–2, Medium 3–6, Few 7–9), seeds 1–3: ViT width 32, 2 blocks, 4
 * heads; teacher CNN 8/16/32 for 20 epochs; 20 ViT epochs, batch 32, Adam 3e-3. On the wasm
 * backend (as in the browser; tfjs' CPU backend takes seconds per ViT step). Measured (seeds 1 / 2 / 3):
 *   plain ViT (CE)     balanced 0.648 / 0.660 / 0.580, Many 0.873 / 0.887 / 0.827, Few 0.487 / 0.353 / 0.333
 *   DeiT-LT (average)  balanced 0.526 / 0.504 / 0.542, Many 0.867 / 0.833 / 0.787, Few 0.293 / 0.300 / 0.360
 *     CLS head         Many 0.880 / 0.853 / 0.847, Few 0.013 / 0.020 / 0.047
 *     DIST head        Many 0.000 / 0.580 / 0.107, Few 0.613 / 0.687 / 0.800
 *     CNN teacher      balanced 0.864 / 0.838 / 0.848
 * The paper's split between the tokens holds (DIST carries the tail, CLS the head), and the DIST
 * head's Few accuracy beats the plain ViT's; the paper's overall gain does not: in 20 epochs the
 * averaged prediction is 0.11 below the plain ViT in balanced accuracy (the authors train 1,200
 * epochs). So the no-collapse check is a floor (4× chance, Many > 0.6), not a par with the base.
 */
beforeAll(async () => {
  await useCpuBackend();
  await tf.setBackend('wasm');
  await tf.ready();
  patchWasmBatchMatMul();
  patchWasmMaxPoolGrad();
  patchWasmIdentity();
});

function pools(): ImagePools {
  const entries = manifest.files as unknown as Record<string, PoolEntry>;
  const load = (key: string) => {
    const entry = entries[key] as PoolEntry;
    return decodePool(entry, new Uint8Array(gunzipSync(readFileSync(new URL(`../../../public/data/${entry.file}`, import.meta.url)))));
  };
  return { train: load('digits-train'), test: load('digits-test') };
}

async function train(seed: number, id: string, data: ImagePools): Promise<RunSnapshot> {
  const parsed = parseRunConfig({
    seed,
    dataset: { kind: 'digits', nMax: 100, rho: 20, testPerClass: 50 },
    model: { kind: 'vit', vitWidth: 32, vitBlocks: 2, vitHeads: 4, filters1: 8, filters2: 16, dense: 32 },
    optimizer: { kind: 'adam', learningRate: 0.003 },
    batchSize: 32,
    epochs: 20,
    method: { id, params: id === 'deit-lt' ? { teacherEpochs: 20 } : {} },
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const cfg = parsed.config;
  const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed, data));
  while (!trainer.done) trainer.trainStep();
  const s = await trainer.evaluate();
  trainer.dispose();
  return s;
}

const cache = new Map<string, Promise<RunSnapshot[]>>();
function runs(id: string): Promise<RunSnapshot[]> {
  if (!cache.has(id)) {
    const data = pools();
    cache.set(id, (async () => {
      const out: RunSnapshot[] = [];
      for (const seed of EFFICACY_SEEDS) out.push(await train(seed, id, data));
      return out;
    })());
  }
  return cache.get(id) as Promise<RunSnapshot[]>;
}
const avg = (rs: readonly RunSnapshot[], f: (s: RunSnapshot) => number) => mean(rs.map(f));
const perSeed = (rs: readonly RunSnapshot[], f: (s: RunSnapshot) => number) => rs.map((s) => f(s).toFixed(3)).join(' / ');

describe('DeiT-LT: a ViT distilled from a balanced-softmax CNN (digits-LT, seeds 1–3)', () => {
  beforeAll(async () => {
    const [deit, vit] = [await runs('deit-lt'), await runs('ce')];
    const line = (name: string, rs: readonly RunSnapshot[]) =>
      `${name}: balanced ${perSeed(rs, (s) => s.test.balancedAccuracy)}, Many ${perSeed(rs, (s) => s.test.splits.many)}, Few ${perSeed(rs, (s) => s.test.splits.few)}`;
    console.log(
      [
        line('plain ViT (CE)', vit),
        line('DeiT-LT (average)', deit),
        `  CLS head: Many ${perSeed(deit, (s) => expertSplit(s, 0, 0))}, Few ${perSeed(deit, (s) => expertSplit(s, 0, 2))}`,
        `  DIST head: Many ${perSeed(deit, (s) => expertSplit(s, 1, 0))}, Few ${perSeed(deit, (s) => expertSplit(s, 1, 2))}`,
        `  teacher balanced ${perSeed(deit, (s) => mean(Array.from(s.distillation?.teacherPerClass ?? [NaN])))}`,
      ].join('\n'),
    );
  }, 1_200_000);

  it('the DIST head carries the tail, the CLS head the head (the paper’s split between the tokens)', async () => {
    const deit = await runs('deit-lt');
    expect(avg(deit, (s) => expertSplit(s, 1, 2))).toBeGreaterThan(avg(deit, (s) => expertSplit(s, 0, 2)) + 0.2);
    expect(avg(deit, (s) => expertSplit(s, 0, 0))).toBeGreaterThan(avg(deit, (s) => expertSplit(s, 1, 0)));
  });

  it('the DIST head lifts the tail above the plain ViT’s, and the prediction does not collapse', async () => {
    const deit = await runs('deit-lt');
    const vit = await runs('ce');
    expect(avg(deit, (s) => expertSplit(s, 1, 2))).toBeGreaterThan(avg(vit, (s) => s.test.splits.few) + 0.1);
    expect(avg(deit, (s) => s.test.balancedAccuracy)).toBeGreaterThan(0.4); // chance: 0.1
    expect(avg(deit, (s) => s.test.splits.many)).toBeGreaterThan(0.6);
  });
});
