import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../config';
import { Rng } from '../rng';
import { makeAssocMemory, orthonormalRows } from './assocMemory';
import { profileCounts } from './longtail';

describe('associative memory data', () => {
  it('power-law profile: n_c = ⌊n_max (c + 1)^(−ln ρ / ln C)⌋; ρ = C is Zipf (100, 50, 33, 25)', () => {
    expect(profileCounts({ kind: 'power', classes: 4, nMax: 100, rho: 4, headFraction: 0.5 })).toEqual([100, 50, 33, 25]);
    // ρ = 16 over 4 classes: α = 2, so 100, 25, 11, 6 (the last is n_max / ρ = 6.25, floored).
    expect(profileCounts({ kind: 'power', classes: 4, nMax: 100, rho: 16, headFraction: 0.5 })).toEqual([100, 25, 11, 6]);
  });

  it('draws orthonormal keys, the same for a seed, and repeats key c for every example of class c', () => {
    const keys = orthonormalRows(5, 8, new Rng(3));
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        let dot = 0;
        for (let k = 0; k < 8; k++) dot += (keys[i * 8 + k] ?? 0) * (keys[j * 8 + k] ?? 0);
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
    const spec = { profile: { kind: 'power' as const, classes: 3, nMax: 6, rho: 3, headFraction: 0.5 }, test: { kind: 'uniform' as const, rho: 10 }, testPerClass: 2, dim: 4 };
    const a = makeAssocMemory(spec, 7);
    expect(a.train.counts).toEqual([6, 3, 2]);
    expect(Array.from(a.train.y)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2]);
    expect(Array.from(a.train.x.slice(0, 4))).toEqual(Array.from(a.train.x.slice(4, 8)));
    expect(Array.from(a.test.x.slice(0, 4))).toEqual(Array.from(a.train.x.slice(0, 4)));
    expect(Array.from(makeAssocMemory(spec, 7).train.x)).toEqual(Array.from(a.train.x));
    expect(Array.from(makeAssocMemory(spec, 8).train.x)).not.toEqual(Array.from(a.train.x));
  });

  it('validation says which model the dataset takes, and that d must hold the classes', () => {
    const errors = (input: object) => {
      const r = parseRunConfig(input);
      return r.ok ? '' : r.errors.join(' ');
    };
    expect(errors({ dataset: { kind: 'assoc-memory' } })).toMatch(/Linear memory W/);
    expect(errors({ model: { kind: 'assoc' } })).toMatch(/associative memory’s model/);
    expect(errors({ dataset: { kind: 'assoc-memory', classes: 20, memoryDim: 16 }, model: { kind: 'assoc' } })).toMatch(/d ≥ 20/);
    expect(errors({ dataset: { kind: 'assoc-memory' }, model: { kind: 'assoc' }, method: { id: 'sade' } })).toMatch(/multi-expert/);
    expect(errors({ dataset: { kind: 'assoc-memory' }, model: { kind: 'assoc' }, optimizer: { kind: 'muon' } })).toBe('');
  });
});
