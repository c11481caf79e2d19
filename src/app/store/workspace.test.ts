import { beforeEach, describe, expect, it } from 'vitest';
import { METHODS } from '../../training/methods/registry';
import { MAX_RUNS } from '../workspace';
import { useLab } from './index';

const state = () => useLab.getState();

beforeEach(() => useLab.setState(useLab.getInitialState(), true));

describe('workspace slice', () => {
  it('starts with one run of the default method, in the Run view', () => {
    expect(state().workspace.runs).toHaveLength(1);
    expect(state().workspace.runs[0]?.method.id).toBe('ce');
    expect(state().workspace.view).toBe('run');
  });

  it('adds runs with every parameter filled in, selects the new one, and opens the comparison at two', () => {
    const id = state().addRunEntry('logit-adjustment');
    expect(id).not.toBeNull();
    const ws = state().workspace;
    expect(ws.runs).toHaveLength(2);
    expect(ws.runs[1]?.method).toEqual({ id: 'logit-adjustment', params: { tau: 1 } });
    expect(ws.selected).toBe(1);
    expect(ws.view).toBe('compare');
  });

  it('takes any method of the registry, and at most MAX_RUNS runs', () => {
    for (const m of METHODS.slice(0, MAX_RUNS - 1)) expect(state().addRunEntry(m.id)).not.toBeNull();
    expect(state().workspace.runs).toHaveLength(MAX_RUNS);
    expect(state().addRunEntry('ce')).toBeNull();
    expect(state().duplicateRunEntry(state().workspace.runs[0]?.id ?? '')).toBeNull();
  });

  it('duplicates a run right after it, with a new id and the same method', () => {
    state().addRunEntry('focal');
    const [first, second] = state().workspace.runs;
    state().duplicateRunEntry(first?.id ?? '');
    const runs = state().workspace.runs;
    expect(runs.map((r) => r.method.id)).toEqual(['ce', 'ce', 'focal']);
    expect(runs[1]?.id).not.toBe(first?.id);
    expect(runs[2]?.id).toBe(second?.id);
    expect(state().workspace.selected).toBe(1);
  });

  it('removes runs but never the last one, keeping the selection on a run that exists', () => {
    state().addRunEntry('focal');
    state().addRunEntry('mixup');
    const ids = state().workspace.runs.map((r) => r.id);
    state().removeRunEntry(ids[2] ?? '');
    expect(state().workspace.selected).toBe(1);
    state().removeRunEntry(ids[0] ?? '');
    expect(state().workspace.runs.map((r) => r.method.id)).toEqual(['focal']);
    expect(state().workspace.selected).toBe(0);
    state().removeRunEntry(ids[1] ?? '');
    expect(state().workspace.runs).toHaveLength(1);
  });

  it('turns presentation mode on and off without touching the rest of the workspace', () => {
    const before = state().workspace;
    state().setPresent(false);
    expect(state().workspace).toBe(before);
    state().setPresent(true);
    expect(state().workspace).toEqual({ ...before, present: true });
    state().setPresent(false);
    expect(state().workspace.present).toBe(false);
  });

  it('refuses shared settings or parameters outside the schema, changing nothing', () => {
    const before = state().workspace;
    expect(state().updateShared((s) => ({ ...s, epochs: 100000 })).join()).toMatch(/epochs/);
    const id = before.runs[0]?.id ?? '';
    expect(state().updateRunMethod(id, { id: 'logit-adjustment', params: { tau: 99 } }).join()).toMatch(/between 0 and 3/);
    expect(state().updateRunMethod(id, { id: 'no-such-method', params: {} }).join()).toMatch(/unknown method/);
    expect(state().workspace).toBe(before);
    expect(state().updateShared((s) => ({ ...s, epochs: 5 }))).toEqual([]);
    expect(state().workspace.shared.epochs).toBe(5);
  });
});
