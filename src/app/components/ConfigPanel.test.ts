import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { SETTINGS } from '../../training/config';
import { inputOf, isShown, testIdOf, withValue } from '../schemaOptions';
import { useLab } from '../store';
import { ConfigPanel, FIELDSETS } from './ConfigPanel';

const initial = { ...useLab.getInitialState() };
beforeEach(() => useLab.setState(initial, true));

// A server render reads the store's initial state: for the render, that state is what the store holds now.
const render = () => {
  const snapshot = useLab.getInitialState();
  Object.assign(snapshot, useLab.getState());
  try {
    return renderToStaticMarkup(createElement(ConfigPanel, { locked: false }));
  } finally {
    Object.assign(snapshot, initial);
  }
};
const variantField = (key: string) => SETTINGS.some((s) => inputOf(s.key).kind === 'variants' && key.startsWith(`${s.key}.`));

describe('settings panel', () => {
  it('places every setting of the schema in exactly one fieldset (a union’s fields go with it)', () => {
    const placed = FIELDSETS.flatMap((f) => f.keys);
    const expected = SETTINGS.map((s) => s.key).filter((k) => !variantField(k));
    expect([...placed].sort()).toEqual([...expected].sort());
  });

  it('renders one input per setting that applies, labelled and bounded as the schema says', () => {
    const check = () => {
      const html = render();
      const shared = useLab.getState().workspace.shared;
      for (const { key, meta } of SETTINGS) {
        const shown = isShown(shared, key) && (!variantField(key) || (key.split('.')[1] ?? '') in (shared.splits as object));
        const tag = new RegExp(`<(input|select)[^>]*data-testid="${testIdOf(key)}"[^>]*>`).exec(html)?.[0];
        expect(Boolean(tag), key).toBe(shown);
        if (!shown || !tag) continue;
        expect(html, key).toContain(`>${meta.label.replace(/&/g, '&amp;')}</label>`);
        const input = inputOf(key);
        if (input.kind === 'number') expect(tag, key).toContain(`min="${input.min}" max="${input.max}"`);
      }
    };
    check();
    // The other branch of every condition: image data, step profile, a skewed test set, the CNN, SGD, thresholds.
    useLab.getState().updateShared((c) => {
      let next = withValue(c, 'dataset.kind', 'digits');
      next = withValue(next, 'dataset.nMax', 100);
      next = withValue(next, 'dataset.testPerClass', 50);
      next = withValue(next, 'dataset.profile', 'step');
      next = withValue(next, 'dataset.testDistribution', 'forward');
      next = withValue(next, 'model.kind', 'cnn');
      next = withValue(next, 'optimizer.kind', 'sgd');
      return withValue(next, 'splits', { kind: 'thresholds', many: 100, few: 20 });
    });
    expect(useLab.getState().workspace.shared.model.kind).toBe('cnn');
    check();
  });
});
