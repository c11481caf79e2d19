/**
 * A person's own data set (a CSV, or later a folder of images) as it is stored in the browser,
 * its card (classes, counts, imbalance) and the seeded split into a training set (natural or
 * re-profiled) and a held-out test set. Pure: the worker builds runs with it and tests check it.
 */
import { Rng } from '../rng';
import type { Dataset, LabelledSplit } from './dataset';
import { profileCounts, type ProfileKind } from './longtail';
import { project } from './pca';
import { BadDataError } from './tabular';

/** What is stored under its content hash: features standardised, labels as found. */
export interface OwnData {
  /** SHA-256 (hex) of the imported file's bytes. */
  hash: string;
  /** File name, for people. */
  name: string;
  /** Size of the imported file in bytes. */
  fileBytes: number;
  /** [features] for a table, [h, w, channels] for images. */
  inputShape: number[];
  featureNames: string[];
  classNames: string[];
  x: Float32Array;
  y: Int32Array;
  counts: number[];
  /** Tables: each feature's mean and standard deviation in the file (x holds the standardised values), for the card's sample rows. */
  mean?: Float32Array;
  std?: Float32Array;
  /** Tables of more than two features: the two principal components (2 × d), for the decision-region view. */
  projection?: Float32Array;
}

export interface OwnCard {
  classes: number;
  rows: number;
  /** Class indices from most to least frequent. */
  order: number[];
  /** Counts in that order. */
  counts: number[];
  /** n_max / n_min as found. */
  imbalance: number;
}

export function ownCard(counts: readonly number[]): OwnCard {
  const order = counts.map((_, i) => i).sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a - b);
  const sorted = order.map((i) => counts[i] ?? 0);
  const min = Math.max(1, sorted[sorted.length - 1] ?? 1);
  return { classes: counts.length, rows: counts.reduce((a, b) => a + b, 0), order, counts: sorted, imbalance: (sorted[0] ?? 0) / min };
}

export interface OwnSplitSpec {
  /** 'natural' keeps every training row; a profile draws n_max, ρ from what the data holds. */
  distribution: 'natural' | ProfileKind;
  nMax: number;
  rho: number;
  headFraction: number;
  /** Fraction of each class held out for testing (natural) or of the smallest class (balanced). */
  testFraction: number;
  test: 'balanced' | 'natural';
}

/** Held-out test rows per class (classes in card order). Every class keeps one row to train on. */
export function testCountsOf(counts: readonly number[], spec: Pick<OwnSplitSpec, 'testFraction' | 'test'>): number[] {
  const held = (n: number) => Math.min(n - 1, Math.max(1, Math.round(spec.testFraction * n)));
  if (spec.test === 'natural') return counts.map(held);
  const per = held(Math.min(...counts));
  return counts.map(() => per);
}

/** Training rows per class (card order) after the test split; throws when a profile asks for more than a class holds. */
export function trainCountsOf(available: readonly number[], spec: OwnSplitSpec, classNames: readonly string[] = []): number[] {
  if (spec.distribution === 'natural') return [...available];
  const wanted = profileCounts({ kind: spec.distribution, classes: available.length, nMax: spec.nMax, rho: spec.rho, headFraction: spec.headFraction });
  const short = wanted.findIndex((n, i) => n > (available[i] ?? 0));
  if (short >= 0) {
    throw new BadDataError(
      `Class "${classNames[short] ?? short}" holds ${available[short]} training rows after the test split; this profile asks for ${wanted[short]}. Lower n_max or ρ (the card shows what each class holds).`,
    );
  }
  return wanted;
}

/**
 * The run's dataset: classes re-ordered from most to least frequent (class 0 is the head, as for
 * every dataset here), each class shuffled by the seed, its test rows taken first.
 */
export function buildOwnDataset(data: OwnData, spec: OwnSplitSpec, seed: number): Dataset {
  const card = ownCard(data.counts);
  if (card.classes < 2) throw new BadDataError(`${data.name} has one class only.`);
  const tooSmall = card.order.find((c) => (data.counts[c] ?? 0) < 2);
  if (tooSmall !== undefined) throw new BadDataError(`Class "${data.classNames[tooSmall]}" has a single row: it needs two, one to train on and one to test.`);
  const classNames = card.order.map((c) => data.classNames[c] ?? String(c));
  const testCounts = testCountsOf(card.counts, spec);
  const trainCounts = trainCountsOf(
    card.counts.map((n, i) => n - (testCounts[i] ?? 0)),
    spec,
    classNames,
  );
  const d = data.inputShape.reduce((a, b) => a * b, 1);
  const rank = new Int32Array(data.counts.length);
  card.order.forEach((c, r) => (rank[c] = r));
  const byClass: number[][] = card.order.map(() => []);
  data.y.forEach((c, i) => byClass[rank[c] ?? 0]?.push(i));
  const rng = Rng.forPurpose(seed, 'testData');
  for (const rows of byClass) {
    for (let k = rows.length - 1; k > 0; k--) {
      const j = rng.int(k + 1);
      [rows[k], rows[j]] = [rows[j] ?? 0, rows[k] ?? 0];
    }
  }
  const take = (from: (c: number) => number, counts: number[]): LabelledSplit => {
    const total = counts.reduce((a, b) => a + b, 0);
    const x = new Float32Array(total * d);
    const y = new Int32Array(total);
    let out = 0;
    counts.forEach((n, c) => {
      const rows = byClass[c] ?? [];
      const start = from(c);
      for (let k = 0; k < n; k++, out++) {
        const i = rows[start + k] ?? 0;
        x.set(data.x.subarray(i * d, i * d + d), out * d);
        y[out] = c;
      }
    });
    return { x, y, counts: [...counts] };
  };
  const test = take(() => 0, testCounts);
  const train = take((c) => testCounts[c] ?? 0, trainCounts);
  const dataset: Dataset = { name: data.name, inputShape: [...data.inputShape], classes: card.classes, classNames, train, test };
  if (data.inputShape.length === 1 && d === 2) dataset.extent = extentOf(train.x);
  if (data.inputShape.length === 1 && d > 2 && data.projection) {
    dataset.projection = data.projection;
    dataset.extent = extentOf(project(train.x, train.y.length, d, data.projection));
  }
  return dataset;
}

/** A square around 2-D points, a little larger than the largest coordinate. */
export function extentOf(points: Float32Array): { min: number; max: number } {
  let m = 0;
  for (const v of points) m = Math.max(m, Math.abs(v));
  const edge = Math.min(6, Math.max(1, m * 1.05));
  return { min: -edge, max: edge };
}
