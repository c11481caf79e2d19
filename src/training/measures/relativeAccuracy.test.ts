import { describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfig } from '../config';
import { balancedConfig, referenceConfigs, relativeAccuracy, trainingTotal } from './relativeAccuracy';

function config(method = 'balanced-softmax'): RunConfig {
  const parsed = parseRunConfig({ seed: 3, dataset: { kind: 'blobs', classes: 10, nMax: 500, rho: 100 }, method: { id: method, params: {} } });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.config;
}

describe('relative accuracy', () => {
  it('is A_t / max(A_v, A_b) (hand-computed)', () => {
    expect(relativeAccuracy(0.6, 0.8, 0.75).upper).toBe(0.8);
    expect(relativeAccuracy(0.6, 0.8, 0.75).ra).toBeCloseTo(0.75, 12);
    expect(relativeAccuracy(0.6, 0.7, 0.8).ra).toBeCloseTo(0.75, 12);
    expect(relativeAccuracy(0.6, NaN, 0.8).ra).toBeNaN();
  });

  it('references train on a balanced set of the same total size, same seed and test set', () => {
    const c = config();
    // 10 classes, n_max 500, ρ 100: Σ ⌊500 · 100^(−i/9)⌋ examples.
    const total = trainingTotal(c);
    const { vanilla, same } = referenceConfigs(c);
    expect(vanilla?.method.id).toBe('ce');
    expect(same?.method.id).toBe('balanced-softmax');
    for (const ref of [vanilla, same]) {
      expect(ref?.dataset.rho).toBe(1);
      expect(ref?.dataset.nMax).toBe(Math.floor(total / 10));
      expect((ref?.dataset.nMax ?? 0) * 10).toBeGreaterThan(total - 10);
      expect(ref?.seed).toBe(3);
      expect(ref?.dataset.testPerClass).toBe(c.dataset.testPerClass);
    }
  });

  it('a cross-entropy run needs one reference; its balanced config keeps its own parameters', () => {
    const { vanilla, same } = referenceConfigs(config('ce'));
    expect(same).toBe(vanilla);
    const la = config('logit-adjustment');
    expect(balancedConfig(la)?.method).toEqual(la.method);
  });
});
