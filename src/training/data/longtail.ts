/**
 * Long-tailed class profiles and test distributions (docs/methods.md, "Long-tailed data").
 * Class 0 is always the most frequent class in training.
 */

import type { ProfileKind, TestDistributionKind } from '../settings';

export type { ProfileKind, TestDistributionKind };

export interface ProfileSpec {
  kind: ProfileKind;
  classes: number;
  /** Training images of the most frequent class. */
  nMax: number;
  /** Imbalance ratio ρ = n_max / n_min (1 = balanced). */
  rho: number;
  /** Step profile only: fraction μ of classes that are head classes. */
  headFraction: number;
}

/**
 * Exponential: n_i = ⌊n_max · ρ^(−i/(C−1))⌋. Step: the first ⌈μC⌉ classes get n_max, the rest
 * ⌊n_max / ρ⌋. Every class keeps at least one example.
 */
export function profileCounts(spec: ProfileSpec): number[] {
  const { kind, classes, nMax, rho, headFraction } = spec;
  if (kind === 'step') {
    const heads = Math.ceil(headFraction * classes);
    return Array.from({ length: classes }, (_, i) => Math.max(1, i < heads ? nMax : Math.floor(nMax / rho)));
  }
  if (kind === 'power') {
    // n_c = n_max·(c + 1)^(−α), α = ln ρ / ln C: the last class gets n_max / ρ, as the other profiles.
    const alpha = classes > 1 ? Math.log(rho) / Math.log(classes) : 0;
    return Array.from({ length: classes }, (_, i) => Math.max(1, Math.floor(nMax * Math.pow(i + 1, -alpha) + 1e-9)));
  }
  return Array.from({ length: classes }, (_, i) => {
    const exponent = classes === 1 ? 0 : -i / (classes - 1);
    // The small epsilon keeps ⌊5000 · 100^(−1)⌋ at 50 despite floating-point error.
    return Math.max(1, Math.floor(nMax * Math.pow(rho, exponent) + 1e-9));
  });
}

export interface TestDistributionSpec {
  kind: TestDistributionKind;
  /** ρ_test for the forward / backward long-tailed test sets (SADE uses 2, 5, 10, 25, 50). */
  rho: number;
}

export const TEST_RHO_CHOICES = [2, 5, 10, 25, 50] as const;

/**
 * Per-class counts of a test set drawn from a balanced pool of `perClass` images per class:
 * uniform keeps the pool; forward-LT follows the training order, backward-LT reverses it
 * (SADE's test-agnostic protocol).
 */
export function testCounts(spec: TestDistributionSpec, classes: number, perClass: number): number[] {
  if (spec.kind === 'uniform') return Array.from({ length: classes }, () => perClass);
  const forward = profileCounts({ kind: 'exponential', classes, nMax: perClass, rho: spec.rho, headFraction: 0 });
  return spec.kind === 'forward' ? forward : forward.slice().reverse();
}

/** How classes are grouped into Many / Medium / Few. */
export type SplitRule =
  | { kind: 'thresholds'; /** Many: count > many. */ many: number; /** Few: count < few. */ few: number }
  | { kind: 'thirds' };

export type SplitName = 'many' | 'medium' | 'few';
export const SPLIT_NAMES: readonly SplitName[] = ['many', 'medium', 'few'];

/** ImageNet-LT's thresholds (> 100 Many, < 20 Few) when the counts span them, else frequency thirds. */
export function defaultSplitRule(counts: readonly number[]): SplitRule {
  const max = Math.max(...counts);
  const min = Math.min(...counts);
  return max > 100 && min < 20 ? { kind: 'thresholds', many: 100, few: 20 } : { kind: 'thirds' };
}

/** The split of each class. 'thirds' ranks classes by count (ties by index) and cuts in thirds. */
export function assignSplits(counts: readonly number[], rule: SplitRule): SplitName[] {
  if (rule.kind === 'thresholds') {
    return counts.map((n) => (n > rule.many ? 'many' : n < rule.few ? 'few' : 'medium'));
  }
  const order = counts.map((n, i) => ({ n, i })).sort((a, b) => b.n - a.n || a.i - b.i);
  const result: SplitName[] = new Array<SplitName>(counts.length).fill('medium');
  const C = counts.length;
  order.forEach(({ i }, rank) => {
    result[i] = rank < Math.round(C / 3) ? 'many' : rank >= C - Math.round(C / 3) ? 'few' : 'medium';
  });
  return result;
}

export function describeSplitRule(rule: SplitRule): string {
  return rule.kind === 'thresholds'
    ? `Many > ${rule.many}, Medium ${rule.few}–${rule.many}, Few < ${rule.few} training examples`
    : 'Many / Medium / Few = most / middle / least frequent third of classes';
}
