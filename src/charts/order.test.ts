import { describe, expect, it } from 'vitest';
import { byFrequency, correlation } from './order';

describe('byFrequency', () => {
  it('sorts classes by count, most frequent first, ties by index', () => {
    expect(byFrequency([5, 50, 20, 50])).toEqual([1, 3, 2, 0]);
  });
});

describe('correlation', () => {
  it('is 1 for a perfect increasing relation, −1 for decreasing, and matches a hand computation', () => {
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(correlation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1);
    // a = 1,2,3 (mean 2), b = 1,3,2 (mean 2): cov = (−1)(−1) + 0 + (1)(0) = 1; var a = 2, var b = 2 → 0.5
    expect(correlation([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5);
  });

  it('is NaN without spread or with too few finite points', () => {
    expect(correlation([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(correlation([1, NaN], [2, 3])).toBeNaN();
  });
});
