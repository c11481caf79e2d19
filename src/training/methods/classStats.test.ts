import { describe, expect, it } from 'vitest';
import {
  classBalancedWeights,
  classPrior,
  inverseFrequencyWeights,
  labelAwareEpsilons,
  ldamMargins,
  logPrior,
  progressiveProbabilities,
  remixWeightA,
  samplingProbabilities,
  sqrtInverseWeights,
} from './classStats';

const close = (actual: readonly number[], expected: readonly number[], digits = 6) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i] ?? NaN, digits));
};

describe('re-weighting (weights normalised to Σ w = C)', () => {
  it('inverse frequency: counts 100, 10 → 1/100 : 1/10 = 1 : 10 → 2/11, 20/11', () => {
    close(inverseFrequencyWeights([100, 10]), [2 / 11, 20 / 11]);
  });

  it('square root: (10/100)^½ = 0.316228 and 1, sum 1.316228 → 0.480506, 1.519494', () => {
    close(sqrtInverseWeights([100, 10]), [0.480506, 1.519494]);
  });

  it('class-balanced at β = 0.9999', () => {
    // 0.9999^100 = 0.990050 → w_100 = 1e-4 / 0.0099502 = 0.0100496;
    // 0.9999^10 = 0.999000 → w_10 = 1e-4 / 0.00099955 = 0.100045; sum 0.110095;
    // × 2 / sum → 0.182563, 1.817437 (a hair above inverse frequency's 0.181818 for the head).
    close(classBalancedWeights([100, 10], 0.9999), [0.182563, 1.817437]);
    const w = classBalancedWeights([500, 120, 30, 5], 0.9999);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(4, 10);
    // β = 0: (1 − 0) / (1 − 0) = 1 for every class, i.e. plain training (DRW's first phase).
    close(classBalancedWeights([500, 5], 0), [1, 1]);
  });
});

describe('LDAM margins', () => {
  it('are ∝ n^{-1/4} with the largest exactly 0.5', () => {
    // n^{-1/4}: 16 → 0.5, 1 → 1, 81 → 1/3; K = 0.5 / 1 → 0.25, 0.5, 0.166667.
    close(ldamMargins([16, 1, 81]), [0.25, 0.5, 1 / 6]);
    const m = ldamMargins([500, 299, 179, 107, 64, 38, 23, 13, 8, 5]);
    expect(Math.max(...m)).toBe(0.5);
    // Ratio of two margins = (n_a / n_b)^{1/4}: (500 / 5)^{1/4} = 100^{1/4} = 3.162278.
    expect((m[9] ?? 0) / (m[0] ?? 1)).toBeCloseTo(Math.pow(100, 0.25), 6);
  });
});

describe('class prior', () => {
  it('π = n / N and log π', () => {
    close(classPrior([90, 10]), [0.9, 0.1]);
    close(logPrior([90, 10]), [Math.log(0.9), Math.log(0.1)]);
  });
});

describe('re-sampling probabilities ∝ n^q', () => {
  it('counts 4, 1: q = 1 → 0.8, 0.2; q = ½ → 2 : 1 = ⅔, ⅓; q = 0 → ½, ½', () => {
    close(samplingProbabilities([4, 1], 1), [0.8, 0.2]);
    close(samplingProbabilities([4, 1], 0.5), [2 / 3, 1 / 3]);
    close(samplingProbabilities([4, 1], 0), [0.5, 0.5]);
  });

  it('progressive: (1 − t)·p_IB + t·p_CB at t = 0, ½, 1', () => {
    close(progressiveProbabilities([4, 1], 0), [0.8, 0.2]);
    // ½·(0.8, 0.2) + ½·(0.5, 0.5) = (0.65, 0.35)
    close(progressiveProbabilities([4, 1], 0.5), [0.65, 0.35]);
    close(progressiveProbabilities([4, 1], 1), [0.5, 0.5]);
  });
});

describe('label-aware smoothing ε per class (sine shape)', () => {
  it('ε_head for n_max, ε_tail for n_min, sin(π/4) of the way between at the midpoint', () => {
    // n = 55: (55 − 10) / (2·(100 − 10)) = 1/4 → 0 + 0.3·sin(π/4) = 0.212132.
    close(labelAwareEpsilons([100, 55, 10], 0.3, 0), [0.3, 0.212132, 0]);
    // CIFAR-100 defaults 0.4 / 0.1: 0.1 + 0.3·sin(π/4) = 0.312132.
    close(labelAwareEpsilons([100, 55, 10], 0.4, 0.1), [0.4, 0.312132, 0.1]);
    // Balanced counts (0/0 in the formula): every class is a head class.
    close(labelAwareEpsilons([50, 50], 0.3, 0), [0.3, 0.3]);
  });
});

describe('Remix label rule (κ = 3, τ = 0.5)', () => {
  it('gives the whole label to the minority sample only when the majority is a small part of the mix', () => {
    // a is the majority (300 / 10 = 30 ≥ 3) and λ = 0.4 < τ → label b: weight of y_a 0.
    expect(remixWeightA(300, 10, 0.4, 3, 0.5)).toBe(0);
    // Same pair, λ = 0.6 ≥ τ → mixup's λ.
    expect(remixWeightA(300, 10, 0.6, 3, 0.5)).toBe(0.6);
    // b is the majority (300 / 10 ≥ 3) and 1 − λ = 0.3 < τ → label a: weight 1.
    expect(remixWeightA(10, 300, 0.7, 3, 0.5)).toBe(1);
    expect(remixWeightA(10, 300, 0.3, 3, 0.5)).toBe(0.3);
    // Ratio 100 / 50 = 2 < κ: plain mixup whatever λ.
    expect(remixWeightA(100, 50, 0.2, 3, 0.5)).toBe(0.2);
    // The ratio test is inclusive: 30 / 10 = 3 ≥ κ.
    expect(remixWeightA(30, 10, 0.1, 3, 0.5)).toBe(0);
  });
});
