import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultRunConfig, findSetting, optionLabel, SETTINGS } from './config';
import { fieldChoices, numberBounds, unwrapField } from './settings';

describe('settings metadata on the schema', () => {
  it('gives every setting of a run (all but its method) a label and a help text', () => {
    const keys = SETTINGS.map((s) => s.key);
    // Spot checks that the walk reaches every level: root, groups, and a union's variant fields.
    expect(keys).toEqual(expect.arrayContaining(['seed', 'dataset.rho', 'model.width', 'optimizer.learningRate', 'splits', 'splits.many', 'splits.few', 'backend']));
    expect(new Set(keys).size).toBe(keys.length);
    for (const { key, meta } of SETTINGS) {
      expect(meta.label.trim(), key).not.toBe('');
      expect(meta.help.length, key).toBeGreaterThan(10);
    }
  });

  it('reaches every numeric leaf of the schema, with finite bounds around its default', () => {
    const defaults = defaultRunConfig() as unknown as Record<string, Record<string, unknown>>;
    const numeric = SETTINGS.filter((s) => unwrapField(s.field) instanceof z.ZodNumber);
    expect(numeric.length).toBeGreaterThanOrEqual(16);
    for (const { key, field } of numeric) {
      const { min, max } = numberBounds(field);
      expect(Number.isFinite(min) && Number.isFinite(max), key).toBe(true);
      const [a, b] = key.split('.') as [string, string?];
      const value = b === undefined ? defaults[a] : defaults[a]?.[b];
      if (key.startsWith('splits.')) continue; // the default split rule is 'auto', which has no thresholds
      expect(value, key).toBeGreaterThanOrEqual(min);
      expect(value, key).toBeLessThanOrEqual(max);
    }
  });

  it('labels every value of every choice, and nothing the schema does not allow', () => {
    for (const { key, field, meta } of SETTINGS) {
      const choices = fieldChoices(field).map(String);
      if (!choices.length || key === 'dataset.testRho') continue; // numbers label themselves
      expect(Object.keys(meta.options ?? {}).sort(), key).toEqual([...choices].sort());
    }
    expect(optionLabel('optimizer.kind', 'sgd')).toBe('SGD with momentum');
  });

  it('makes each condition on another setting name a setting and values it can take', () => {
    for (const { key, meta } of SETTINGS) {
      if (!meta.shownWhen) continue;
      const other = findSetting(meta.shownWhen.key);
      expect(other, key).toBeDefined();
      const allowed = fieldChoices(other!.field);
      for (const v of meta.shownWhen.oneOf) expect(allowed, key).toContain(v);
    }
  });
});
