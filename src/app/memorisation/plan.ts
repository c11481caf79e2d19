/**
 * The memorisation explorer's bookkeeping, as data (pure): where its models are stored, which
 * are still to train, and how long that will take. explorer.ts acts on it.
 */
import type { RunConfig } from '../../training/config';
import { removalCounts, removalSets, type SubsetModelResult } from '../../training/measures/memorisation';
import { configKey } from '../workspace';

/** Every stored record of the explorer starts with this (apart from the runs' "run:" records). */
export const MEMO_PREFIX = 'memo:';

/**
 * The storage key of one set of subset models: the run's configuration (its backend aside:
 * backends agree up to rounding) and the subset fraction. t is not part of it: model k's subset
 * does not depend on t, so raising t reuses what is stored.
 */
export function explorerKey(config: RunConfig, fraction: number): string {
  let h = 0x811c9dc5;
  for (const ch of `${configKey({ ...config, backend: 'auto' })}|${fraction}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `${MEMO_PREFIX}${h.toString(36)}`;
}

export const modelKey = (base: string, k: number) => `${base}:m:${String(k).padStart(4, '0')}`;

/** A removal model: 'none' (the whole training set), or the top / random `count` removed after t subset models. */
export type RemovalKind = 'none' | 'top' | 'random';
export interface RemovalResult {
  which: RemovalKind;
  count: number;
  testCorrect: Uint8Array;
}
/** The removals follow from the estimates of t models, so t is part of their key (the full-set model's is shared). */
export const removalKey = (base: string, t: number, which: RemovalKind, count: number) =>
  which === 'none' ? `${base}:r:none:0` : `${base}:t${t}:r:${which}:${count}`;

/** Subset models k < t not trained yet, in order. */
export function missingModels(models: readonly Pick<SubsetModelResult, 'k'>[], t: number): number[] {
  const done = new Set(models.map((m) => m.k));
  return Array.from({ length: t }, (_, k) => k).filter((k) => !done.has(k));
}

export interface RemovalJob {
  which: RemovalKind;
  count: number;
  removed: Int32Array;
}

/**
 * The removal experiment's models still to train: the whole training set once, then for each
 * count the top-memorised and as many random examples left out (memorisation.ts removalSets).
 */
export function missingRemovals(mem: ArrayLike<number>, seed: number, have: readonly RemovalResult[]): RemovalJob[] {
  const jobs: RemovalJob[] = [{ which: 'none', count: 0, removed: new Int32Array(0) }];
  for (const set of removalSets(mem, seed, removalCounts(mem.length))) {
    jobs.push({ which: 'top', count: set.count, removed: set.top }, { which: 'random', count: set.count, removed: set.random });
  }
  return jobs.filter((j) => !have.some((r) => r.which === j.which && r.count === j.count));
}

/** Jobs of the whole explorer at t: t subset models, then 1 + 2 per removal count. */
export function totalJobs(t: number, nTrain: number): number {
  return t + 1 + 2 * removalCounts(nTrain).length;
}

/** Time left: the mean time per model measured so far, for what remains, shared by the workers. NaN before any model. */
export function timeLeftMs(msPerModel: readonly number[], remaining: number, workers: number): number {
  if (msPerModel.length === 0) return NaN;
  const mean = msPerModel.reduce((a, b) => a + b, 0) / msPerModel.length;
  return (mean * remaining) / Math.max(1, workers);
}

/** "about 2 min 10 s", "about 40 s", "under a second". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'estimating…';
  if (ms < 1000) return 'under a second';
  const s = Math.round(ms / 1000);
  if (s < 60) return `about ${s} s`;
  const m = Math.floor(s / 60);
  return `about ${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
}
