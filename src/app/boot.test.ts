import { describe, expect, it } from 'vitest';
import { chooseInitial } from './boot';
import { EMPTY_STORED, type StoredState } from './persist/sync';
import { encodeState, hashOf, toLinkState } from './share/codec';
import { fixtureConfig, fixtureRun } from './testFixtures';
import { defaultWorkspace, methodChoice, runConfigOf, sharedOf, type Workspace } from './workspace';

function storedWorkspace(): StoredState {
  const shared = sharedOf(fixtureConfig());
  const ws: Workspace = { ...defaultWorkspace(), shared, runs: [{ id: 'a', method: methodChoice('ce') }, { id: 'b', method: methodChoice('focal') }], view: 'compare' };
  return {
    workspace: ws,
    runs: {
      a: fixtureRun('a', { config: runConfigOf(shared, methodChoice('ce')), restored: true }),
      b: fixtureRun('b', { config: runConfigOf(shared, methodChoice('focal')), restored: true }),
    },
    problems: [],
  };
}

describe('start-up', () => {
  it('opens the defaults when there is neither a link nor anything stored', () => {
    const initial = chooseInitial('', EMPTY_STORED);
    expect(initial.workspace.runs).toHaveLength(1);
    expect(initial.runs).toEqual({});
    expect(initial.fromLink).toBe(false);
  });

  it('restores the stored workspace and its results on a reload (whose hash is its own link)', () => {
    const stored = storedWorkspace();
    for (const hash of ['', hashOf(stored.workspace as Workspace)]) {
      const initial = chooseInitial(hash, stored);
      expect(initial.fromLink).toBe(false);
      expect(initial.workspace.runs.map((r) => r.id)).toEqual(['a', 'b']);
      expect(Object.keys(initial.runs)).toEqual(['a', 'b']);
    }
  });

  it('opens a different link with fresh ids, keeping stored results only of identically configured runs', () => {
    const stored = storedWorkspace();
    const other = { ...(stored.workspace as Workspace), runs: [{ id: 'x', method: methodChoice('focal') }, { id: 'y', method: methodChoice('mixup') }] };
    const initial = chooseInitial(`#w=${encodeState(toLinkState(other))}`, stored);
    expect(initial.fromLink).toBe(true);
    const [focal, mixup] = initial.workspace.runs;
    expect(focal?.id).not.toBe('b');
    expect(initial.runs[focal?.id ?? '']?.config.method.id).toBe('focal');
    expect(initial.runs[mixup?.id ?? '']).toBeUndefined();
  });

  it('loads the defaults and explains why when the link is bad', () => {
    const initial = chooseInitial('#w=not-a-link!', storedWorkspace());
    expect(initial.linkError?.kind).toBe('bad-characters');
    expect(initial.workspace.runs).toHaveLength(1);
    expect(initial.workspace.runs[0]?.method.id).toBe('ce');
    expect(initial.runs).toEqual({});
  });

  it('ignores hashes that are not workspace links', () => {
    expect(chooseInitial('#results', storedWorkspace()).workspace.runs.map((r) => r.id)).toEqual(['a', 'b']);
  });
});
