import { buildDataset } from '../data/build';
import type { RunSnapshot } from '../snapshot';
import { Trainer } from '../trainer';
import { EFFICACY_SEEDS, efficacyConfig, mean } from './efficacySetup';

/** Test support: single-model runs of the efficacy setting (efficacySetup.ts), cached per method and params. */
const cache = new Map<string, Promise<RunSnapshot[]>>();

/** One run of the efficacy setting, trained to the end: its final snapshot. */
export async function trainEfficacyRun(seed: number, id: string, params: Record<string, number> = {}): Promise<RunSnapshot> {
  const cfg = efficacyConfig(seed, id, {}, params);
  const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
  while (!trainer.done) trainer.trainStep();
  const s = await trainer.evaluate();
  trainer.dispose();
  return s;
}

/** The method's final snapshots over seeds 1–3 (one training per method and params per file). */
export function efficacyRuns(id: string, params: Record<string, number> = {}): Promise<RunSnapshot[]> {
  const key = `${id} ${JSON.stringify(params)}`;
  if (!cache.has(key)) cache.set(key, Promise.all(EFFICACY_SEEDS.map((seed) => trainEfficacyRun(seed, id, params))));
  return cache.get(key) as Promise<RunSnapshot[]>;
}

export interface Summary {
  balanced: number;
  many: number;
  few: number;
  ece: number;
  /** Few per seed. */
  fewPerSeed: number[];
}

export function summarise(runs: readonly RunSnapshot[]): Summary {
  return {
    balanced: mean(runs.map((s) => s.test.balancedAccuracy)),
    many: mean(runs.map((s) => s.test.splits.many)),
    few: mean(runs.map((s) => s.test.splits.few)),
    ece: mean(runs.map((s) => s.test.reliability.ece)),
    fewPerSeed: runs.map((s) => s.test.splits.few),
  };
}

export const describeSummary = (name: string, s: Summary) =>
  `${name}: balanced ${s.balanced.toFixed(4)} Many ${s.many.toFixed(4)} Few ${s.few.toFixed(4)} (${s.fewPerSeed.map((f) => f.toFixed(3)).join(' / ')}) ECE ${s.ece.toFixed(4)}`;
