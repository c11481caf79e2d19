import { describe, expect, it } from 'vitest';
import { defaultRunConfig, parseRunConfig } from './config';

describe('run config schema', () => {
  it('fills every default from an empty object', () => {
    const c = defaultRunConfig();
    expect(c.dataset).toMatchObject({ kind: 'blobs', classes: 10, rho: 100, nMax: 500, testDistribution: 'uniform' });
    expect(c.method).toEqual({ id: 'ce', params: {} });
    expect(c.backend).toBe('auto');
  });

  it('rejects out-of-bound values, unknown methods and unknown parameters with readable messages', () => {
    const r = parseRunConfig({ dataset: { rho: 5000, classes: 2 }, method: { id: 'nope' }, epochs: 1.5 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.some((e) => e.startsWith('dataset.rho'))).toBe(true);
    expect(r.errors.some((e) => e.startsWith('dataset.classes'))).toBe(true);
    expect(r.errors.some((e) => e.startsWith('epochs'))).toBe(true);
    const m = parseRunConfig({ method: { id: 'nope' } });
    expect(!m.ok && m.errors[0]).toMatch(/unknown method "nope"/);
    const p = parseRunConfig({ method: { id: 'ce', params: { tau: 1 } } });
    expect(!p.ok && p.errors[0]).toMatch(/no parameter "tau"/);
  });

  it('rejects non-objects and wrong types without throwing', () => {
    for (const bad of [null, 42, 'x', [], { seed: 'one' }, { dataset: { kind: 'moons' } }]) {
      expect(parseRunConfig(bad).ok).toBe(false);
    }
  });
});
