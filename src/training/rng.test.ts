import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

describe('Rng', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('gives independent streams per purpose', () => {
    expect(Rng.forPurpose(1, 'init').next()).not.toBe(Rng.forPurpose(1, 'shuffle').next());
  });

  it('draws uniforms in [0, 1) with mean ½ and normals with mean 0, variance 1', () => {
    const rng = new Rng(7);
    const n = 20000;
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      sum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 1);
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s1 += z;
      s2 += z * z;
    }
    expect(s1 / n).toBeCloseTo(0, 1);
    expect(s2 / n).toBeCloseTo(1, 1);
  });

  it('shuffles to a permutation', () => {
    const items = Int32Array.from({ length: 50 }, (_, i) => i);
    new Rng(3).shuffle(items);
    expect(Array.from(items).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(items)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('draws categories in proportion to their weights', () => {
    const rng = new Rng(5);
    const cumulative = Float64Array.from([1, 1, 4]); // weights 1, 0, 3
    const hits = [0, 0, 0];
    for (let i = 0; i < 8000; i++) hits[rng.categorical(cumulative)]!++;
    expect(hits[1]).toBe(0);
    expect(hits[0]! / 8000).toBeCloseTo(0.25, 1);
    expect(hits[2]! / 8000).toBeCloseTo(0.75, 1);
  });

  it('draws Gamma and Beta variates with the right mean and variance', () => {
    const rng = new Rng(11);
    const n = 20000;
    const moments = (draw: () => number) => {
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const v = draw();
        s1 += v;
        s2 += v * v;
      }
      return { mean: s1 / n, variance: s2 / n - (s1 / n) ** 2 };
    };
    // Gamma(k, 1): mean k, variance k; k = 0.4 exercises the shape < 1 boost.
    for (const k of [0.4, 1, 3.5]) {
      const m = moments(() => rng.gamma(k));
      expect(m.mean).toBeCloseTo(k, 1);
      expect(m.variance / k).toBeCloseTo(1, 1);
    }
    // Beta(a, a): mean ½, variance 1 / (4(2a + 1)): a = 0.2 → 1/5.6 = 0.1786; a = 1 → 1/12 = 0.0833.
    for (const a of [0.2, 1]) {
      const m = moments(() => rng.beta(a, a));
      expect(m.mean).toBeCloseTo(0.5, 1);
      expect(m.variance).toBeCloseTo(1 / (4 * (2 * a + 1)), 2);
    }
    // Beta(2, 6): mean 2/8 = 0.25.
    expect(moments(() => rng.beta(2, 6)).mean).toBeCloseTo(0.25, 2);
    // Same seed, same draws.
    const a = new Rng(9);
    const b = new Rng(9);
    expect(Array.from({ length: 5 }, () => a.beta(0.5, 0.5))).toEqual(Array.from({ length: 5 }, () => b.beta(0.5, 0.5)));
  });
});
