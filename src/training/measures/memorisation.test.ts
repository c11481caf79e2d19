import { describe, expect, it } from 'vitest';
import {
  accuracyOfBits,
  balancedAccuracyOfBits,
  bitAt,
  drawSubset,
  estimateMemorisation,
  influenceOf,
  memorisationByClass,
  memorisationBySplit,
  mostInfluenced,
  packBits,
  removalCounts,
  removalSets,
  topIndices,
  type SubsetModelResult,
} from './memorisation';

/** A hand-made model: which of 3 training examples were in its subset, which it got right. */
const model = (k: number, inSubset: number[], trainCorrect: number[], testCorrect: number[]): SubsetModelResult => ({
  k,
  inSubset: packBits(inSubset),
  trainCorrect: packBits(trainCorrect),
  testCorrect: packBits(testCorrect),
  ms: 1,
});

/**
 * Four models over 3 training and 2 test examples.
 * Example 0: in models 0, 1 (right both times), out of 2, 3 (wrong both): mem = 1 − 0 = 1.
 * Example 1: in 0, 2, 3 (right 2 of 3), out of 1 (right): mem = 2/3 − 1 = −1/3.
 * Example 2: in every model: no estimate (NaN).
 * Test 0 is right exactly when example 0 was in: infl(0, 0) = 1; test 1 right in models 0, 2: infl(0, 1) = 1/2 − 1/2 = 0.
 */
const MODELS = [
  model(0, [1, 1, 1], [1, 1, 1], [1, 1]),
  model(1, [1, 0, 1], [1, 1, 1], [1, 0]),
  model(2, [0, 1, 1], [0, 1, 1], [0, 1]),
  model(3, [0, 1, 1], [0, 0, 1], [0, 0]),
];

describe('memorisation estimates on hand-made predictions', () => {
  it('bitsets round-trip', () => {
    const flags = [1, 0, 0, 1, 1, 0, 1, 0, 1, 1];
    const bits = packBits(flags);
    expect(bits.length).toBe(2);
    expect(flags.map((_, i) => (bitAt(bits, i) ? 1 : 0))).toEqual(flags);
    expect(accuracyOfBits(bits, 10)).toBeCloseTo(0.6, 12);
  });

  it('mem(i) = P[right | in] − P[right | out], with the standard error from the counts', () => {
    const est = estimateMemorisation(MODELS, 3);
    expect(est.mem[0]).toBeCloseTo(1, 12);
    expect(est.se[0]).toBeCloseTo(0, 12);
    expect(est.mem[1]).toBeCloseTo(-1 / 3, 12);
    // √((2/3 · 1/3) / 3 + 0) = √(2/27)
    expect(est.se[1]).toBeCloseTo(Math.sqrt(2 / 27), 12);
    expect([...est.nIn]).toEqual([2, 3, 4]);
    expect([...est.nOut]).toEqual([2, 1, 0]);
    expect(est.mem[2]).toBeNaN();
    expect(est.se[2]).toBeNaN();
  });

  it('infl(i, j) = P[test j right | i in] − P[test j right | i out]', () => {
    const infl = influenceOf(MODELS, 0, 2);
    expect(infl[0]).toBeCloseTo(1, 12);
    expect(infl[1]).toBeCloseTo(0, 12);
    // Example 1 in models 0, 2, 3: test 0 right in 1 of 3; out in model 1 (right): 1/3 − 1.
    expect(influenceOf(MODELS, 1, 2)[0]).toBeCloseTo(1 / 3 - 1, 12);
    // Only positive influence counts as "most influenced".
    expect(mostInfluenced(MODELS, 0, 2, 5)).toEqual([{ test: 0, influence: 1 }]);
  });

  it('ranks, skipping NaN; averages per class and per split', () => {
    expect(topIndices([0.2, NaN, 0.9, 0.2, -1], 3)).toEqual([2, 0, 3]);
    const byClass = memorisationByClass([0.1, 0.3, 0.8, NaN], [0, 0, 1, 1], 3);
    expect(byClass[0]?.mean).toBeCloseTo(0.2, 12);
    // sd of (0.1, 0.3) = √0.02; se = √(0.02 / 2) = 0.1
    expect(byClass[0]?.se).toBeCloseTo(0.1, 12);
    expect(byClass[1]).toMatchObject({ mean: 0.8, count: 1 });
    expect(byClass[2]?.count).toBe(0);
    const bySplit = memorisationBySplit([0.1, 0.3, 0.8, NaN], [0, 0, 1, 1], ['many', 'few']);
    expect(bySplit.many).toBeCloseTo(0.2, 12);
    expect(bySplit.few).toBeCloseTo(0.8, 12);
    expect(bySplit.medium).toBeNaN();
    expect(balancedAccuracyOfBits(packBits([1, 1, 0, 1]), [0, 0, 0, 1], 2)).toBeCloseTo((2 / 3 + 1) / 2, 12);
  });
});

describe('subset draws and removal sets', () => {
  it('draws 70 % without replacement, reproducibly, independent of t; models differ', () => {
    const a = drawSubset(5, 3, 100, 0.7);
    const b = drawSubset(5, 3, 100, 0.7);
    expect(a.indices.length).toBe(70);
    expect(new Set(a.indices).size).toBe(70);
    expect([...a.indices]).toEqual([...b.indices]);
    expect(a.modelSeed).toBe(b.modelSeed);
    expect([...a.indices].every((i, p) => p === 0 || i > (a.indices[p - 1] ?? -1))).toBe(true);
    for (let i = 0; i < 100; i++) expect(bitAt(a.inSubset, i)).toBe(a.indices.includes(i));
    const other = drawSubset(5, 4, 100, 0.7);
    expect([...other.indices]).not.toEqual([...a.indices]);
    expect(other.modelSeed).not.toBe(a.modelSeed);
    expect([...drawSubset(6, 3, 100, 0.7).indices]).not.toEqual([...a.indices]);
  });

  it('each example is in about 70 % of the subsets', () => {
    const t = 400;
    const counts = new Array<number>(50).fill(0);
    for (let k = 0; k < t; k++) for (const i of drawSubset(1, k, 50, 0.7).indices) counts[i]! += 1;
    // Binomial(400, 0.7): sd ≈ 9.2; 5 sd either side.
    for (const c of counts) expect(Math.abs(c - 280)).toBeLessThan(46);
  });

  it('removal sets: the most memorised, and as many at random', () => {
    const mem = [0.1, 0.9, NaN, 0.5, 0.7, 0, 0.2, 0.3, 0.4, 0.6];
    const [two] = removalSets(mem, 1, [2]);
    expect([...(two?.top ?? [])]).toEqual([1, 4]);
    expect(two?.random.length).toBe(2);
    expect(new Set(two?.random).size).toBe(2);
    expect(removalCounts(1000)).toEqual([20, 50, 100]);
    expect(removalCounts(10)).toEqual([1]);
  });
});
