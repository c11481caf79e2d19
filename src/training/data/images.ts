import { Rng } from '../rng';
import type { Dataset, LabelledSplit } from './dataset';
import { profileCounts, testCounts, type ProfileSpec, type TestDistributionSpec } from './longtail';

/** One entry of public/data/manifest.json (format ltd-1; see public/data/README.md). */
export interface PoolEntry {
  dataset: string;
  split: 'train' | 'test';
  file: string;
  bytes: number;
  sha256: string;
  count: number;
  /** Examples per class, in file order (files are grouped by class). */
  counts: number[];
  /** [height, width, channels]. */
  shape: [number, number, number];
  classNames: string[];
}

/** A decoded pool: labels and 8-bit pixels, grouped by class. */
export interface ImagePool {
  entry: PoolEntry;
  labels: Uint8Array;
  pixels: Uint8Array;
}

/** Splits the decompressed bytes of an .ltd file into labels and pixels, checking the layout. */
export function decodePool(entry: PoolEntry, bytes: Uint8Array): ImagePool {
  const [h, w, c] = entry.shape;
  const expected = entry.count * (1 + h * w * c);
  if (bytes.length !== expected) {
    throw new Error(`${entry.file} is damaged: ${bytes.length} bytes after decompression, expected ${expected}.`);
  }
  const labels = bytes.subarray(0, entry.count);
  const classes = entry.classNames.length;
  const seen = new Array<number>(classes).fill(0);
  for (const y of labels) {
    if (y >= classes) throw new Error(`${entry.file} is damaged: label ${y} for ${classes} classes.`);
    seen[y] = (seen[y] ?? 0) + 1;
  }
  if (seen.some((n, k) => n !== entry.counts[k])) throw new Error(`${entry.file} is damaged: class counts differ from the manifest.`);
  return { entry, labels, pixels: bytes.subarray(entry.count) };
}

/** Index of the first example of each class in a class-grouped pool. */
function classStarts(counts: readonly number[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const n of counts) {
    starts.push(at);
    at += n;
  }
  return starts;
}

/**
 * Which images of each class a draw of `counts[c]` takes from a class-grouped pool: indices
 * within the class, in draw order (a seeded partial shuffle without replacement). The
 * unlabelled pool (unlabelled/pool.ts) replays it to know which images a run did not use.
 */
export function drawPoolIndices(pool: ImagePool, counts: readonly number[], rng: Rng): Int32Array[] {
  return counts.map((n, c) => {
    const available = pool.entry.counts[c] ?? 0;
    if (n > available) throw new Error(`Class ${pool.entry.classNames[c]} has ${available} images in ${pool.entry.file}; ${n} were asked for.`);
    const order = Int32Array.from({ length: available }, (_, k) => k);
    for (let k = 0; k < n; k++) {
      const j = k + rng.int(available - k);
      const pick = order[j] ?? 0;
      order[j] = order[k] ?? 0;
      order[k] = pick;
    }
    return order.slice(0, n);
  });
}

/** The images `picks[c]` (indices within class c) of a pool, scaled to [0, 1], grouped by class. */
export function gatherFromPool(pool: ImagePool, picks: readonly Int32Array[]): LabelledSplit {
  const [h, w, ch] = pool.entry.shape;
  const size = h * w * ch;
  const counts = picks.map((p) => p.length);
  const total = counts.reduce((a, b) => a + b, 0);
  const x = new Float32Array(total * size);
  const y = new Int32Array(total);
  const starts = classStarts(pool.entry.counts);
  let out = 0;
  picks.forEach((indices, c) => {
    for (const pick of indices) {
      const src = ((starts[c] ?? 0) + pick) * size;
      for (let p = 0; p < size; p++) x[out * size + p] = (pool.pixels[src + p] ?? 0) / 255;
      y[out] = c;
      out++;
    }
  });
  return { x, y, counts };
}

/**
 * Draws `counts[c]` examples of each class c from the pool without replacement (a seeded
 * partial shuffle), scales pixels to [0, 1] and returns them grouped by class.
 */
export function sampleFromPool(pool: ImagePool, counts: readonly number[], rng: Rng): LabelledSplit {
  return gatherFromPool(pool, drawPoolIndices(pool, counts, rng));
}

export interface ImageDatasetSpec {
  profile: ProfileSpec;
  test: TestDistributionSpec;
  /** Balanced test pool per class before the test distribution is applied. */
  testPerClass: number;
}

/**
 * A long-tailed image dataset drawn from decoded pools, using the first `spec.profile.classes`
 * classes; train and test use separate seeded streams.
 */
export function makeImageDataset(name: string, train: ImagePool, test: ImagePool, spec: ImageDatasetSpec, seed: number): Dataset {
  const classes = spec.profile.classes;
  return {
    name,
    inputShape: [...train.entry.shape],
    classes,
    classNames: train.entry.classNames.slice(0, classes),
    train: sampleFromPool(train, profileCounts(spec.profile), Rng.forPurpose(seed, 'trainData')),
    test: sampleFromPool(test, testCounts(spec.test, classes, spec.testPerClass), Rng.forPurpose(seed, 'testData')),
  };
}
