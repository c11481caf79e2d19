/**
 * What the explorer's views show, from its finished models (pure): memorisation per class
 * against class frequency, the gallery of the most memorised examples and the test examples they
 * influence most, and test accuracy after removing the top-memorised or random examples.
 */
import type { SplitName } from '../../training/data/longtail';
import {
  accuracyOfBits,
  balancedAccuracyOfBits,
  memorisationByClass,
  memorisationBySplit,
  mostInfluenced,
  topIndices,
  type MemorisationEstimate,
  type SubsetModelResult,
} from '../../training/measures/memorisation';
import type { ExplorerData } from '../../workers/memorisationProtocol';
import type { RemovalResult } from './plan';

export interface ClassRow {
  c: number;
  name: string;
  /** Training examples of the class. */
  count: number;
  split: SplitName;
  mean: number;
  se: number;
}

export function classRows(est: MemorisationEstimate, data: ExplorerData): ClassRow[] {
  return memorisationByClass(est.mem, data.trainY, data.classes).map((m, c) => ({
    c,
    name: data.classNames[c] ?? String(c),
    count: data.trainCounts[c] ?? 0,
    split: data.splits[c] ?? 'many',
    mean: m.mean,
    se: m.se,
  }));
}

export function splitMeans(est: MemorisationEstimate, data: ExplorerData): Record<SplitName, number> {
  return memorisationBySplit(est.mem, data.trainY, data.splits);
}

export interface GalleryEntry {
  /** Index of the training example. */
  i: number;
  label: number;
  mem: number;
  se: number;
  influenced: { test: number; label: number; influence: number }[];
}

/** The `k` most memorised training examples, each with the `perExample` test examples it helps most. */
export function galleryEntries(models: readonly SubsetModelResult[], est: MemorisationEstimate, data: ExplorerData, k = 8, perExample = 3): GalleryEntry[] {
  return topIndices(est.mem, k).map((i) => ({
    i,
    label: data.trainY[i] ?? 0,
    mem: est.mem[i] ?? NaN,
    se: est.se[i] ?? NaN,
    influenced: mostInfluenced(models, i, data.testY.length, perExample).map((p) => ({ ...p, label: data.testY[p.test] ?? 0 })),
  }));
}

export interface RemovalPoint {
  /** Training examples removed. */
  count: number;
  /** Test accuracy and balanced accuracy with the top-memorised / random examples removed; NaN until trained. */
  top: number;
  random: number;
  topBalanced: number;
  randomBalanced: number;
}

/** One point per removal count (0: the whole training set, shared by both lines). */
export function removalSeries(removals: readonly RemovalResult[], data: ExplorerData): RemovalPoint[] {
  const n = data.testY.length;
  const scores = (r: RemovalResult | undefined) =>
    r ? { acc: accuracyOfBits(r.testCorrect, n), bal: balancedAccuracyOfBits(r.testCorrect, data.testY, data.classes) } : { acc: NaN, bal: NaN };
  const counts = [...new Set(removals.map((r) => r.count))].sort((a, b) => a - b);
  return counts.map((count) => {
    const top = scores(removals.find((r) => r.count === count && (r.which === 'top' || r.which === 'none')));
    const random = scores(removals.find((r) => r.count === count && (r.which === 'random' || r.which === 'none')));
    return { count, top: top.acc, random: random.acc, topBalanced: top.bal, randomBalanced: random.bal };
  });
}
