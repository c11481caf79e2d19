import { describe, expect, it } from 'vitest';
import { singularValues, spectrumMeasures, symmetricEigenvalues, weightSpectrum } from './spectrum';

describe('singular-value spectrum', () => {
  it('eigenvalues of a symmetric 2 × 2 by hand: [[2, 1], [1, 2]] → 3 and 1', () => {
    const e = Array.from(symmetricEigenvalues(Float64Array.from([2, 1, 1, 2]), 2)).sort((a, b) => b - a);
    expect(e[0]).toBeCloseTo(3, 10);
    expect(e[1]).toBeCloseTo(1, 10);
  });

  it('singular values of [[3, 0], [4, 5]] are √45 and √5 (σ₁σ₂ = |det| = 15, σ₁² + σ₂² = 50)', () => {
    const s = singularValues([3, 0, 4, 5], 2, 2);
    expect(s[0]).toBeCloseTo(Math.sqrt(45), 10);
    expect(s[1]).toBeCloseTo(Math.sqrt(5), 10);
  });

  it('wide and tall give the same values; a rank-one matrix has one non-zero value', () => {
    const m = [1, 2, 3, 2, 4, 6]; // 2 × 3, rank one: (1, 2)ᵀ(1, 2, 3), σ = √5·√14
    const wide = singularValues(m, 2, 3);
    const tall = singularValues([1, 2, 2, 4, 3, 6], 3, 2); // its transpose
    expect(wide[0]).toBeCloseTo(Math.sqrt(70), 9);
    expect(wide[1]).toBeCloseTo(0, 6);
    expect(tall[0]).toBeCloseTo(wide[0] ?? NaN, 9);
  });

  it('agrees with a random orthogonal-ish check: Σσ² = ‖M‖_F² on an 8 × 5 matrix', () => {
    const m = Array.from({ length: 40 }, (_, i) => Math.sin(3 * i + 1));
    const s = singularValues(m, 8, 5);
    const frob = m.reduce((a, v) => a + v * v, 0);
    expect(Array.from(s).reduce((a, v) => a + v * v, 0)).toBeCloseTo(frob, 8);
  });

  it('effective rank: n for equal values (entropy 1), 1 for a single one (entropy 0)', () => {
    expect(spectrumMeasures([2, 2, 2, 2]).effectiveRank).toBeCloseTo(4, 10);
    expect(spectrumMeasures([2, 2, 2, 2]).entropy).toBeCloseTo(1, 10);
    expect(spectrumMeasures([5, 0, 0]).effectiveRank).toBeCloseTo(1, 10);
    expect(spectrumMeasures([5, 0, 0]).entropy).toBeCloseTo(0, 10);
    // p = (3/4, 1/4): H = −(¾ ln ¾ + ¼ ln ¼) = 0.5623…
    expect(weightSpectrum('x', [3, 0, 0, 1], 2, 2).effectiveRank).toBeCloseTo(Math.exp(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25))), 8);
  });
});
