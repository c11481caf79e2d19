import { describe, expect, it } from 'vitest';
import { estimateMemorisation, packBits, type SubsetModelResult } from '../../training/measures/memorisation';
import type { ExplorerData } from '../../workers/memorisationProtocol';
import { classRows, galleryEntries, removalSeries, splitMeans } from './views';

const data: ExplorerData = {
  classes: 2,
  classNames: ['zero', 'one'],
  trainCounts: [2, 1],
  splits: ['many', 'few'],
  trainY: Int32Array.from([0, 0, 1]),
  testY: Int32Array.from([0, 1]),
};

const model = (k: number, inSubset: number[], trainCorrect: number[], testCorrect: number[]): SubsetModelResult => ({
  k,
  inSubset: packBits(inSubset),
  trainCorrect: packBits(trainCorrect),
  testCorrect: packBits(testCorrect),
  ms: 1,
});

// Example 2 (class "one", the Few class) is right only when trained on, and so is test 1.
const models = [model(0, [1, 0, 1], [1, 1, 1], [1, 1]), model(1, [0, 1, 0], [1, 1, 0], [1, 0]), model(2, [1, 1, 1], [1, 1, 1], [1, 1]), model(3, [1, 1, 0], [1, 1, 0], [1, 0])];

describe('memorisation views', () => {
  it('per class and per split', () => {
    const est = estimateMemorisation(models, 3);
    const rows = classRows(est, data);
    expect(rows[1]).toMatchObject({ name: 'one', count: 1, split: 'few', mean: 1 });
    expect(rows[0]?.mean).toBeCloseTo(0, 12);
    expect(splitMeans(est, data).few).toBe(1);
  });

  it('the gallery puts the memorised example first, with the test example it carries', () => {
    const est = estimateMemorisation(models, 3);
    const [first] = galleryEntries(models, est, data, 1, 3);
    expect(first).toMatchObject({ i: 2, label: 1, mem: 1 });
    expect(first?.influenced).toEqual([{ test: 1, label: 1, influence: 1 }]);
  });

  it('removal series: the whole set at 0, then top and random per count', () => {
    const series = removalSeries(
      [
        { which: 'none', count: 0, testCorrect: packBits([1, 1]) },
        { which: 'top', count: 1, testCorrect: packBits([1, 0]) },
        { which: 'random', count: 1, testCorrect: packBits([1, 1]) },
      ],
      data,
    );
    expect(series).toEqual([
      { count: 0, top: 1, random: 1, topBalanced: 1, randomBalanced: 1 },
      { count: 1, top: 0.5, random: 1, topBalanced: 0.5, randomBalanced: 1 },
    ]);
  });
});
