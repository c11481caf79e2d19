import { describe, expect, it } from 'vitest';
import { buildOwnDataset, ownCard, testCountsOf, trainCountsOf, type OwnData, type OwnSplitSpec } from './own';
import { pca2, project } from './pca';
import { BadDataError } from './tabular';
import { sha256Hex } from '../../storage/ownData';

/** 3 features, classes b (60 rows), a (20), c (5): b is the head though it is not class 0. */
function data(): OwnData {
  const counts = [20, 60, 5];
  const y = Int32Array.from(counts.flatMap((n, c) => Array.from({ length: n }, () => c)));
  const x = Float32Array.from(Array.from(y).flatMap((c, i) => [c, i / 100, -c]));
  return { hash: 'h', name: 't.csv', fileBytes: 1, inputShape: [3], featureNames: ['p', 'q', 'r'], classNames: ['a', 'b', 'c'], x, y, counts, projection: pca2(x, y.length, 3) };
}
const natural: OwnSplitSpec = { distribution: 'natural', nMax: 40, rho: 10, headFraction: 0.5, testFraction: 0.2, test: 'natural' };

describe('own data card and split', () => {
  it('orders classes by count and gives the natural imbalance ratio', () => {
    const card = ownCard([20, 60, 5]);
    expect(card.order).toEqual([1, 0, 2]);
    expect(card.counts).toEqual([60, 20, 5]);
    expect(card.imbalance).toBe(12);
  });

  it('holds out a fraction per class, natural or balanced, and keeps a row of each class to train on', () => {
    expect(testCountsOf([60, 20, 5], { testFraction: 0.2, test: 'natural' })).toEqual([12, 4, 1]);
    expect(testCountsOf([60, 20, 5], { testFraction: 0.2, test: 'balanced' })).toEqual([1, 1, 1]);
    expect(testCountsOf([60, 20, 2], { testFraction: 0.5, test: 'natural' })).toEqual([30, 10, 1]);
  });

  it('re-profiles within what each class holds, and says which class is short', () => {
    expect(trainCountsOf([48, 16, 4], { ...natural, distribution: 'exponential', nMax: 40, rho: 10 })).toEqual([40, 12, 4]);
    expect(() => trainCountsOf([48, 16, 4], { ...natural, distribution: 'exponential', nMax: 48, rho: 4 }, ['b', 'a', 'c'])).toThrow(/Class "a" holds 16 .* asks for 24/);
  });

  it('builds a seeded split: same seed same rows, another seed other rows, disjoint train and test', () => {
    const d = data();
    const one = buildOwnDataset(d, natural, 1);
    expect(one.classNames).toEqual(['b', 'a', 'c']);
    expect(one.train.counts).toEqual([48, 16, 4]);
    expect(one.test.counts).toEqual([12, 4, 1]);
    expect(buildOwnDataset(d, natural, 1).test.x).toEqual(one.test.x);
    expect(buildOwnDataset(d, natural, 2).test.x).not.toEqual(one.test.x);
    // Column q is a row id: train and test share no row.
    const ids = (x: Float32Array) => new Set(Array.from({ length: x.length / 3 }, (_, i) => x[3 * i + 1]));
    const train = ids(one.train.x);
    expect([...ids(one.test.x)].some((v) => train.has(v))).toBe(false);
    // Labels were remapped with the classes: every row of new class 0 came from "b" (p = 1).
    one.train.y.forEach((c, i) => c === 0 && expect(one.train.x[3 * i]).toBe(1));
    expect(one.projection).toBeDefined();
    expect(one.extent?.max).toBeGreaterThan(0);
  });

  it('refuses a class with a single row', () => {
    const d = { ...data(), counts: [20, 60, 1], y: Int32Array.from([...Array(20).fill(0), ...Array(60).fill(1), 2]) };
    expect(() => buildOwnDataset(d, natural, 1)).toThrow(BadDataError);
  });
});

describe('PCA and content hash', () => {
  it('finds the direction of largest spread first', () => {
    // Points along (1, 1, 0) with a little spread along (0, 0, 1).
    const rows = 200;
    const x = Float32Array.from(Array.from({ length: rows }, (_, i) => [(i - 100) / 50, (i - 100) / 50, ((i % 5) - 2) / 20]).flat());
    const c = pca2(x, rows, 3);
    expect(Math.abs(c[0] as number)).toBeCloseTo(Math.SQRT1_2, 3);
    expect(Math.abs(c[5] as number)).toBeCloseTo(1, 3);
    const p = project(x, rows, 3, c);
    expect(Math.abs(p[0] as number)).toBeCloseTo(2 * Math.SQRT2, 3);
  });

  it('hashes bytes with SHA-256', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
