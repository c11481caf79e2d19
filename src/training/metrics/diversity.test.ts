import { describe, expect, it } from 'vitest';
import {
  consultedHistogram,
  expertPerClassAccuracy,
  expertPredictions,
  expertSplitAccuracy,
  pairwiseDisagreement,
  pairwiseKl,
  uncertaintySummary,
} from './diversity';

const close = (actual: ArrayLike<number>, expected: readonly number[], digits = 6) => {
  expect(actual).toHaveLength(expected.length);
  Array.from(actual).forEach((a, i) => (Number.isNaN(expected[i]) ? expect(a).toBeNaN() : expect(a).toBeCloseTo(expected[i] ?? NaN, digits)));
};

// Three experts on four samples of two classes (labels 0, 1, 1, 0).
const labels = Int32Array.from([0, 1, 1, 0]);
const predictions = [Int32Array.from([0, 1, 1, 0]), Int32Array.from([0, 1, 0, 0]), Int32Array.from([1, 1, 1, 1])];

describe('expert diversity metrics (hand-checked)', () => {
  it('per-expert per-class accuracy, K × C row-major', () => {
    // e1 right everywhere; e2 misses sample 2 (class 1): class 1 at 1/2; e3 always says 1.
    close(expertPerClassAccuracy(predictions, labels, 2), [1, 1, 1, 0.5, 0, 1]);
  });

  it('per-expert Many / Medium / Few means, NaN for an empty split', () => {
    const perClass = Float32Array.from([1, 0.5, 0, 0.2, 0.4, 0.9]); // 2 experts × 3 classes
    close(expertSplitAccuracy(perClass, 2, ['many', 'many', 'few']), [0.75, NaN, 0, 0.3, NaN, 0.9]);
  });

  it('pairwise disagreement: the fraction of samples whose predicted classes differ', () => {
    // e1/e2 differ on sample 2 (1/4); e1/e3 on samples 0, 3 (2/4); e2/e3 on 0, 2, 3 (3/4).
    close(pairwiseDisagreement(predictions), [0, 0.25, 0.5, 0.25, 0, 0.75, 0.5, 0.75, 0]);
  });

  it('pairwise KL(p_i ‖ p_j), mean over samples, not symmetric', () => {
    // p = (½, ½), q = (¾, ¼): KL(p‖q) = ½ ln(⅔) + ½ ln 2 = 0.143841; KL(q‖p) = ¾ ln 1.5 + ¼ ln ½ = 0.130812.
    const p = Float32Array.from([0.5, 0.5, 0.5, 0.5]);
    const q = Float32Array.from([0.75, 0.25, 0.75, 0.25]);
    close(pairwiseKl([p, q], 2), [0, 0.143841, 0.130812, 0], 5);
  });

  it('argmax predictions from each expert’s probabilities', () => {
    expect(Array.from(expertPredictions([Float32Array.from([0.2, 0.8, 0.6, 0.4])], 2)[0] ?? [])).toEqual([1, 0]);
  });

  it('uncertainty per true class and on right vs wrong predictions', () => {
    const u = [0.1, 0.5, 0.3, 0.9];
    const predicted = Int32Array.from([0, 1, 0, 1]); // right, right, wrong, wrong
    const s = uncertaintySummary(u, predicted, labels, 3);
    close(s.perClass, [0.5, 0.4, NaN]); // class 0: (0.1 + 0.9) / 2; class 1: (0.5 + 0.3) / 2; class 2 absent
    expect(s.right).toBeCloseTo(0.3, 6);
    expect(s.wrong).toBeCloseTo(0.6, 6);
    expect(uncertaintySummary([0.2], Int32Array.from([0]), Int32Array.from([0]), 1).wrong).toBeNaN();
  });

  it('histogram of experts consulted (index k: k + 1 experts)', () => {
    close(consultedHistogram([1, 3, 3, 2, 1], 3), [2, 1, 2]);
  });
});
