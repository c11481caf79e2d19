/**
 * One model of the memorisation explorer (memorisation.ts): the run's method, model and schedule
 * trained on part of the training set, then asked about every training and test example. Used by
 * the memorisation worker and by the tests; training runs in plain steps, with a `pace` callback
 * every few steps through which the worker yields (so Pause and messages get through).
 */
import type { RunConfig } from '../config';
import type { Dataset, LabelledSplit } from '../data/dataset';
import { inputSize } from '../data/dataset';
import type { ComputeOptions } from '../models/build';
import { Trainer } from '../trainer';
import { packBits } from './memorisation';

/** Steps between two calls of `pace`. */
export const PACE_STEPS = 8;

/** The training split restricted to `keep` (indices into it, ascending), counts recomputed. */
export function subsetSplit(split: LabelledSplit, keep: Int32Array, classes: number, d: number): LabelledSplit {
  const x = new Float32Array(keep.length * d);
  const y = new Int32Array(keep.length);
  const counts = new Array<number>(classes).fill(0);
  keep.forEach((i, r) => {
    x.set(split.x.subarray(i * d, i * d + d), r * d);
    const label = split.y[i] ?? 0;
    y[r] = label;
    counts[label] = (counts[label] ?? 0) + 1;
  });
  return { x, y, counts };
}

/** Indices 0 … n−1 without the ones listed (ascending). */
export function complementOf(n: number, removed: ArrayLike<number>): Int32Array {
  const drop = new Uint8Array(n);
  for (let r = 0; r < removed.length; r++) drop[removed[r] ?? 0] = 1;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (!drop[i]) keep.push(i);
  return Int32Array.from(keep);
}

export interface SubsetPredictions {
  /** Correctness bitsets over the whole training set and the test set. */
  trainCorrect: Uint8Array;
  testCorrect: Uint8Array;
}

/**
 * Trains `config` (seed replaced by `modelSeed`: initial weights and batch order) on the training
 * examples `keep`, and returns which training and test examples the trained model gets right.
 * The method sees the subset as its training set (its class counts are the subset's, at least 1).
 */
export async function trainOnSubset(
  config: RunConfig,
  dataset: Dataset,
  keep: Int32Array,
  modelSeed: number,
  compute: ComputeOptions = {},
  pace: () => Promise<void> = () => Promise.resolve(),
): Promise<SubsetPredictions> {
  const d = inputSize(dataset);
  // No extent: the subset model needs no decision grid.
  const train = subsetSplit(dataset.train, keep, dataset.classes, d);
  // A subset can miss a rare class altogether (one with 2 examples: 9 % of 70 % subsets). The
  // method's statistics count it as one: no method is then asked for log 0 or 1/0 (balanced
  // softmax, inverse weights and LDAM were seen to cope with 0, but none is written for it).
  const subset: Dataset = { ...dataset, extent: undefined, projection: undefined, train: { ...train, counts: train.counts.map((c) => Math.max(1, c)) } };
  const trainer = new Trainer({ ...config, seed: modelSeed }, subset, compute);
  try {
    while (!trainer.done) {
      trainer.trainStep();
      if (trainer.step % PACE_STEPS === 0) await pace();
    }
    const trainPredicted = await trainer.predictClasses(dataset.train.x);
    const testPredicted = await trainer.predictClasses(dataset.test.x);
    return {
      trainCorrect: packBits(Array.from(trainPredicted, (p, i) => p === dataset.train.y[i])),
      testCorrect: packBits(Array.from(testPredicted, (p, i) => p === dataset.test.y[i])),
    };
  } finally {
    trainer.dispose();
  }
}
