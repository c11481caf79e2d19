import { describe, expect, it } from 'vitest';
import { assignSplits, defaultSplitRule, profileCounts, testCounts } from './longtail';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('profileCounts', () => {
  it('reproduces CIFAR-10-LT (n_max 5000, ρ 100): 12,406 images', () => {
    const counts = profileCounts({ kind: 'exponential', classes: 10, nMax: 5000, rho: 100, headFraction: 0.5 });
    expect(counts[0]).toBe(5000);
    expect(counts[9]).toBe(50);
    expect(sum(counts)).toBe(12406);
  });

  it('reproduces CIFAR-100-LT (n_max 500, ρ 100): 10,847 images', () => {
    expect(sum(profileCounts({ kind: 'exponential', classes: 100, nMax: 500, rho: 100, headFraction: 0.5 }))).toBe(10847);
  });

  it('builds a step profile with ⌈μC⌉ head classes', () => {
    expect(profileCounts({ kind: 'step', classes: 5, nMax: 100, rho: 10, headFraction: 0.5 })).toEqual([100, 100, 100, 10, 10]);
  });

  it('is balanced at ρ = 1 and keeps one example per class at extreme ρ', () => {
    expect(profileCounts({ kind: 'exponential', classes: 4, nMax: 30, rho: 1, headFraction: 0.5 })).toEqual([30, 30, 30, 30]);
    expect(profileCounts({ kind: 'exponential', classes: 3, nMax: 10, rho: 1000, headFraction: 0.5 })).toEqual([10, 1, 1]);
  });
});

describe('testCounts', () => {
  it('keeps the pool for uniform, follows training order for forward and reverses it for backward', () => {
    expect(testCounts({ kind: 'uniform', rho: 10 }, 3, 100)).toEqual([100, 100, 100]);
    // 100 · 10^(−i/2): 100, 31.6, 10
    expect(testCounts({ kind: 'forward', rho: 10 }, 3, 100)).toEqual([100, 31, 10]);
    expect(testCounts({ kind: 'backward', rho: 10 }, 3, 100)).toEqual([10, 31, 100]);
  });
});

describe('Many / Medium / Few', () => {
  it('uses ImageNet-LT thresholds when counts span them', () => {
    const counts = [500, 150, 100, 50, 20, 19, 5];
    const rule = defaultSplitRule(counts);
    expect(rule).toEqual({ kind: 'thresholds', many: 100, few: 20 });
    expect(assignSplits(counts, rule)).toEqual(['many', 'many', 'medium', 'medium', 'medium', 'few', 'few']);
  });

  it('falls back to frequency thirds on small data', () => {
    const counts = [40, 30, 20, 15, 10, 5];
    expect(defaultSplitRule(counts)).toEqual({ kind: 'thirds' });
    expect(assignSplits(counts, { kind: 'thirds' })).toEqual(['many', 'many', 'medium', 'medium', 'few', 'few']);
  });
});
