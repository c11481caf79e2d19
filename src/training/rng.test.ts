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
});
