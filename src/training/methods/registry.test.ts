import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../config';
import { METHODS } from './registry';

describe('method registry', () => {
  it('has unique ids and, for every method, a card: summary, explanation, KaTeX-renderable formula, paper', () => {
    expect(new Set(METHODS.map((m) => m.id)).size).toBe(METHODS.length);
    for (const m of METHODS) {
      expect(m.label.length, m.id).toBeGreaterThan(0);
      expect(m.summary.length, m.id).toBeGreaterThan(20);
      expect(m.explanation.length, m.id).toBeGreaterThan(200);
      expect(() => katex.renderToString(m.formula, { throwOnError: true, displayMode: true }), m.id).not.toThrow();
      if (m.id !== 'ce') {
        expect(m.paper?.url, m.id).toMatch(/^https:\/\//);
        expect(m.paper?.year, m.id).toBeGreaterThanOrEqual(2017);
      }
    }
  });

  it('keeps every default within its bounds, and a post-hoc knob only as one of the params', () => {
    for (const m of METHODS) {
      for (const p of m.params) {
        expect(p.min, `${m.id}.${p.key}`).toBeLessThanOrEqual(p.default);
        expect(p.default, `${m.id}.${p.key}`).toBeLessThanOrEqual(p.max);
        expect(p.step, `${m.id}.${p.key}`).toBeGreaterThan(0);
        // A choice: its default is one of its options, each within the bounds.
        if (p.choices) expect(p.choices.map((c) => c.value), `${m.id}.${p.key}`).toContain(p.default);
        for (const c of p.choices ?? []) expect(c.value >= p.min && c.value <= p.max, `${m.id}.${p.key}`).toBe(true);
      }
      if (m.posthoc) expect(m.params, m.id).toContain(m.posthoc);
    }
    expect(METHODS.filter((m) => m.posthoc).map((m) => m.id).sort()).toEqual(['la-posthoc', 'tau-norm']);
  });

  it('validates method parameters against their specs in the run config', () => {
    expect(parseRunConfig({ method: { id: 'resampling', params: { q: 0.5 } } }).ok).toBe(true);
    const bad = parseRunConfig({ method: { id: 'tau-norm', params: { tau: 5 } } });
    expect(!bad.ok && bad.errors[0]).toMatch(/τ must be between 0 and 2/);
    const notAChoice = parseRunConfig({ method: { id: 'batchformer', params: { baseLoss: 0.5 } } });
    expect(!notAChoice.ok && notAChoice.errors[0]).toMatch(/Base loss must be one of 0 \(Cross-entropy\), 1 \(Balanced softmax\)/);
    const unknown = parseRunConfig({ method: { id: 'focal', params: { delta: 0.5 } } });
    expect(!unknown.ok && unknown.errors[0]).toMatch(/no parameter "delta"/);
  });
});
