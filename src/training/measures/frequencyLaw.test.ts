import { describe, expect, it } from 'vitest';
import { fitFrequencyLaw } from './frequencyLaw';

describe('frequency–accuracy law fit', () => {
  it('recovers an exact log-linear law', () => {
    // acc = 0.1 + 0.2·log10(n): 1 → 0.1, 10 → 0.3, 100 → 0.5, 1000 → 0.7
    const fit = fitFrequencyLaw([1000, 100, 10, 1], [0.7, 0.5, 0.3, 0.1]);
    expect(fit.slope).toBeCloseTo(0.2, 12);
    expect(fit.intercept).toBeCloseTo(0.1, 12);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(fit.n).toBe(4);
  });

  it('matches a hand-computed fit with noise', () => {
    // x = log10 n = 0, 1, 2; y = 0, 0.6, 0.6. x̄ = 1, ȳ = 0.4; Sxx = 2, Sxy = (−1)(−0.4) + 0 + (1)(0.2) = 0.6,
    // Syy = 0.16 + 0.04 + 0.04 = 0.24. slope = 0.3, intercept = 0.1, R² = 0.36 / (2 · 0.24) = 0.75.
    const fit = fitFrequencyLaw([1, 10, 100], [0, 0.6, 0.6]);
    expect(fit.slope).toBeCloseTo(0.3, 12);
    expect(fit.intercept).toBeCloseTo(0.1, 12);
    expect(fit.r2).toBeCloseTo(0.75, 12);
  });

  it('leaves out empty classes and missing accuracies; flat accuracy has slope 0 and no R²', () => {
    const fit = fitFrequencyLaw([0, 1, 10, 100, 5], [1, 0, 0.6, 0.6, NaN]);
    expect(fit.n).toBe(3);
    expect(fit.slope).toBeCloseTo(0.3, 12);
    const flat = fitFrequencyLaw([1, 10, 100], [0.5, 0.5, 0.5]);
    expect(flat.slope).toBe(0);
    expect(flat.r2).toBeNaN();
    expect(fitFrequencyLaw([10, 10], [0.1, 0.9]).slope).toBeNaN();
  });
});
