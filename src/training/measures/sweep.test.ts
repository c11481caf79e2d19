import { describe, expect, it } from 'vitest';
import { perClassAccuracy, overallAccuracy } from '../metrics/accuracy';
import { Rng } from '../rng';
import { SWEEP_DISTRIBUTIONS, sweepCounts, sweepFromPerClass, sweepIndices, weightedAccuracy } from './sweep';

/** A balanced pool of `perClass` examples per class, in random order, and predictions right with probability hit[c]. */
function pool(hit: readonly number[], perClass: number, rng: Rng) {
  const labels = rng.shuffle(Int32Array.from({ length: hit.length * perClass }, (_, i) => i % hit.length));
  const predicted = Int32Array.from(labels, (y) => (rng.next() < (hit[y] ?? 0) ? y : (y + 1) % hit.length));
  return { labels, predicted };
}

describe('test-agnostic sweep', () => {
  it('lists SADE’s eleven distributions from forward ρ 50 through uniform to backward ρ 50', () => {
    expect(SWEEP_DISTRIBUTIONS.map((d) => d.label)).toEqual(['fwd 50', 'fwd 25', 'fwd 10', 'fwd 5', 'fwd 2', 'uniform', 'bwd 2', 'bwd 5', 'bwd 10', 'bwd 25', 'bwd 50']);
  });

  it('weights per-class accuracy by the class counts (hand-computed)', () => {
    // (2·1 + 1·0.5 + 1·0) / 4
    expect(weightedAccuracy([1, 0.5, 0], [2, 1, 1])).toBeCloseTo(0.625, 12);
    // A class without test examples (NaN) or without weight drops out.
    expect(weightedAccuracy([1, NaN, 0], [1, 5, 3])).toBeCloseTo(0.25, 12);
    expect(weightedAccuracy([NaN], [1])).toBeNaN();
  });

  it('the weighted mean is exactly the accuracy of the drawn test set, and its expectation over draws from the pool', () => {
    const rng = Rng.forPurpose(7, 'testData');
    const hit = [0.95, 0.9, 0.8, 0.7, 0.55, 0.4, 0.3, 0.2, 0.1, 0.05];
    const { labels, predicted } = pool(hit, 100, rng);
    const onPool = perClassAccuracy(predicted, labels, hit.length);
    const sweep = sweepFromPerClass(onPool, 100);
    expect(sweep[5]?.accuracy).toBeCloseTo(overallAccuracy(predicted, labels), 6);
    SWEEP_DISTRIBUTIONS.forEach((d, i) => {
      // Exact: the drawn set's accuracy is the count-weighted mean of its own per-class accuracies.
      const idx = sweepIndices(labels, hit.length, d, 100);
      const y = Int32Array.from(idx, (j) => labels[j] ?? 0);
      const p = Int32Array.from(idx, (j) => predicted[j] ?? 0);
      expect(Array.from(y).filter((c) => c === 0).length).toBe(sweepCounts(d, hit.length, 100)[0]);
      expect(weightedAccuracy(perClassAccuracy(p, y, hit.length), sweepCounts(d, hit.length, 100))).toBeCloseTo(overallAccuracy(p, y), 6);
      // In expectation: random draws from the pool average to the weighted mean of the pool's per-class accuracies.
      let total = 0;
      const draws = 200;
      for (let t = 0; t < draws; t++) {
        const order = rng.shuffle(Int32Array.from({ length: labels.length }, (_, j) => j));
        const shuffled = Int32Array.from(order, (j) => labels[j] ?? 0);
        const sub = sweepIndices(shuffled, hit.length, d, 100);
        total += overallAccuracy(Int32Array.from(sub, (j) => predicted[order[j] ?? 0] ?? 0), Int32Array.from(sub, (j) => shuffled[j] ?? 0));
      }
      expect(total / draws).toBeCloseTo(sweep[i]?.accuracy ?? NaN, 2);
    });
  });

  it('a head-biased model falls from forward to backward; a balanced one stays flat', () => {
    const headBiased = sweepFromPerClass([1, 0.9, 0.8, 0.6, 0.4, 0.2, 0.1, 0.05, 0, 0], 100).map((p) => p.accuracy);
    const flat = sweepFromPerClass(new Array<number>(10).fill(0.7), 100).map((p) => p.accuracy);
    for (let i = 1; i < headBiased.length; i++) expect(headBiased[i]).toBeLessThan(headBiased[i - 1] ?? 0);
    for (const a of flat) expect(a).toBeCloseTo(0.7, 9);
  });
});
