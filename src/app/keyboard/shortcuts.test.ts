import { describe, expect, it } from 'vitest';
import { SHORTCUTS, shortcutFor, type KeyTarget } from './shortcuts';

const body: KeyTarget = { tagName: 'BODY' };
const press = (key: string, target: KeyTarget | null = body, mods: { ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean; repeat?: boolean } = {}) =>
  shortcutFor({ key, target, ...mods });

describe('keyboard shortcuts', () => {
  it('maps Space, →, R, 1–3, P, ? and Esc to their actions on the page', () => {
    expect(press(' ')).toBe('start-pause');
    expect(press('ArrowRight')).toBe('step');
    expect(press('r')).toBe('reset');
    expect(press('R')).toBe('reset');
    expect(['1', '2', '3'].map((k) => press(k))).toEqual(['view-run', 'view-compare', 'view-lessons']);
    expect(press('p')).toBe('present');
    expect(press('?')).toBe('help');
    expect(press('Escape')).toBe('leave');
    expect(press('x')).toBeNull();
    expect(press('4')).toBeNull();
    expect(press('ArrowLeft')).toBeNull();
  });

  it('fires none while typing in a field', () => {
    for (const tagName of ['INPUT', 'input', 'SELECT', 'TEXTAREA']) {
      for (const key of [' ', 'ArrowRight', 'r', '1', '?', 'p']) expect(press(key, { tagName })).toBeNull();
    }
    expect(press('r', { tagName: 'DIV', isContentEditable: true })).toBeNull();
    expect(press(' ', { tagName: 'SPAN', isContentEditable: true })).toBeNull();
  });

  it('leaves Space to the button, link or tab it is on, but still takes the other keys there', () => {
    expect(press(' ', { tagName: 'BUTTON' })).toBeNull();
    expect(press(' ', { tagName: 'A' })).toBeNull();
    expect(press(' ', { tagName: 'SUMMARY' })).toBeNull();
    expect(press(' ', { tagName: 'DIV', role: 'tab' })).toBeNull();
    expect(press('ArrowRight', { tagName: 'BUTTON' })).toBe('step');
    // A button last clicked with the mouse keeps focus without showing it: Space is the shortcut there.
    expect(press(' ', { tagName: 'BUTTON', focusVisible: false })).toBe('start-pause');
    expect(press(' ', { tagName: 'BUTTON', focusVisible: true })).toBeNull();
    expect(press('2', { tagName: 'BUTTON', role: 'tab' })).toBe('view-compare');
  });

  it('leaves browser and system shortcuts alone, and ignores held-down repeats', () => {
    expect(press('r', body, { ctrlKey: true })).toBeNull();
    expect(press('r', body, { metaKey: true })).toBeNull();
    expect(press('1', body, { altKey: true })).toBeNull();
    expect(press(' ', body, { repeat: true })).toBeNull();
  });

  it('lists every action once in the help, and every listed action has a key', () => {
    const listed = SHORTCUTS.map((s) => s.action);
    expect(new Set(listed).size).toBe(listed.length);
    for (const action of listed) {
      const keys = [' ', 'ArrowRight', 'r', '1', '2', '3', 'p', '?', 'Escape'];
      expect(keys.some((k) => press(k) === action)).toBe(true);
    }
  });
});
