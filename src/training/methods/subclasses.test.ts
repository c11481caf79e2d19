import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { classTemperatures, clusterSubclasses, cosineKMeans, percentile, subclassesPerClass } from './subclasses';

describe('SBCL subclasses', () => {
  it('splits a class into ⌊n_c / max(n_min, 10)⌋ subclasses, at least one', () => {
    expect(subclassesPerClass([500, 120, 25, 5])).toEqual([50, 12, 2, 1]);
    expect(subclassesPerClass([300, 60, 30])).toEqual([10, 2, 1]);
  });

  it('interpolates percentiles as numpy does', () => {
    expect(percentile([4, 1, 3, 2], 20)).toBeCloseTo(1.6, 12);
    expect(percentile([4, 1, 3, 2], 80)).toBeCloseTo(3.4, 12);
  });

  it('finds well-separated directions by cosine k-means, whatever the start', () => {
    // Three directions, five points each, at different lengths (cosine ignores the length).
    const dirs = [
      [1, 0],
      [0, 1],
      [-1, -1],
    ];
    const x = dirs.flatMap((d) => [1, 2, 3, 4, 5].flatMap((s) => [d[0]! * s + 0.01 * s, d[1]! * s]));
    for (const seed of [1, 2, 3]) {
      const a = cosineKMeans(x, 15, 2, 3, new Rng(seed));
      for (let g = 0; g < 3; g++) expect(new Set(a.slice(5 * g, 5 * g + 5)).size).toBe(1);
      expect(new Set(a).size).toBe(3);
    }
  });

  it('numbers subclasses globally, class after class, and gives one-subclass classes τ', () => {
    const labels = Int32Array.from([0, 0, 0, 0, 1, 1]);
    const x = [1, 0, 2, 0, 0, 1, 0, 2, 1, 1, 2, 2];
    const s = clusterSubclasses(x, 2, labels, [2, 1], 0.1, new Rng(7));
    expect(new Set(s.global.slice(0, 4))).toEqual(new Set([0, 1]));
    expect(Array.from(s.global.slice(4))).toEqual([2, 2]);
    expect(s.temperatures[1]).toBe(0.1);
  });

  it('scales class temperatures by spread to mean τ, clipped to the 20th–80th percentile', () => {
    // Class spreads 1/log 12, 2/log 12, 3/log 12 (two points each at ±1, ±2, ±3 on one axis).
    const x = [1, 0, -1, 0, 2, 0, -2, 0, 3, 0, -3, 0];
    const rows = [Int32Array.from([0, 1]), Int32Array.from([2, 3]), Int32Array.from([4, 5])];
    const t = classTemperatures(x, 2, rows, [2, 2, 2], 0.1);
    // Clipped to [1.4, 2.6] / log 12, mean 2 / log 12.
    expect(t[0]).toBeCloseTo(0.07, 4);
    expect(t[1]).toBeCloseTo(0.1, 4);
    expect(t[2]).toBeCloseTo(0.13, 4);
  });
});
