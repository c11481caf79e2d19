import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { METHODS } from '../../training/methods/registry';
import { METHOD_FAMILIES } from '../../training/methods/types';
import { MethodOptions } from './MethodPicker';

describe('method menu', () => {
  it('offers every method of the registry once, under its family', () => {
    const html = renderToStaticMarkup(createElement('select', null, createElement(MethodOptions)));
    const groups = [...html.matchAll(/<optgroup label="([^"]*)">(.*?)<\/optgroup>/g)];
    for (const m of METHODS) {
      const holding = groups.filter(([, , body]) => body?.includes(`value="${m.id}"`));
      expect(holding.map(([, label]) => label), m.id).toEqual([METHOD_FAMILIES[m.family]]);
    }
    expect(groups.every(([, , body]) => body?.includes('<option'))).toBe(true);
  });
});
