import { describe, expect, it } from 'vitest';
import { downsample } from './downsample';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('downsample', () => {
  it('returns short inputs unchanged', () => {
    const points = range(5);
    expect(downsample(points, 5)).toBe(points);
    expect(downsample(points, 300)).toBe(points);
    expect(downsample([], 3)).toEqual([]);
  });

  it('keeps every k-th point, k a power of two, plus the last', () => {
    // 10 points into 4: k = 1 → 10, k = 2 → ⌈9/2⌉ + 1 = 6, k = 4 → ⌈9/4⌉ + 1 = 4 points.
    expect(downsample(range(10), 4)).toEqual([0, 4, 8, 9]);
    // 9 points into 4: k = 4 gives 0, 4 and the last point 8, which is itself a multiple of 4.
    expect(downsample(range(9), 4)).toEqual([0, 4, 8]);
    // 7 points into 5: k = 2 → ⌈6/2⌉ + 1 = 4 points.
    expect(downsample(range(7), 5)).toEqual([0, 2, 4, 6]);
    // 301 points into 300: k = 2 → 0, 2, …, 298 and 300: 151 points.
    const big = downsample(range(301), 300);
    expect(big.length).toBe(151);
    expect(big.slice(0, 3)).toEqual([0, 2, 4]);
    expect(big.slice(-2)).toEqual([298, 300]);
  });

  it('keeps first and last for max = 2, only the last for max = 1, none for max = 0', () => {
    expect(downsample(range(6), 2)).toEqual([0, 5]);
    expect(downsample(range(6), 1)).toEqual([5]);
    expect(downsample(range(6), 0)).toEqual([]);
  });

  it('never exceeds max and always keeps the ends', () => {
    for (let n = 2; n <= 200; n++) {
      for (const max of [2, 3, 7, 50, 150]) {
        const out = downsample(range(n), max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out[0]).toBe(0);
        expect(out[out.length - 1]).toBe(n - 1);
      }
    }
  });

  it('keeps points already kept as the series grows (no wiggle in live charts)', () => {
    const before = new Set(downsample(range(500), 300).slice(0, -1));
    const after = new Set(downsample(range(700), 300));
    // 500 → k = 2, 700 → k = 4: every multiple of 4 kept before is still kept.
    for (const i of before) if (i % 4 === 0) expect(after.has(i)).toBe(true);
    expect([...after].every((i) => i === 699 || before.has(i) || i >= 500)).toBe(true);
  });
});
