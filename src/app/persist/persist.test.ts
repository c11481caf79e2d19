import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { create } from 'zustand';
import { describe, expect, it, vi } from 'vitest';
import type { LabState } from '../store';
import { fixtureConfig, fixtureRun } from '../testFixtures';
import { defaultWorkspace, methodChoice, sharedOf, type Workspace } from '../workspace';
import { openStore, StorageError, type KeyValueStore } from './idb';
import { fromRecord, toPlain, toRecord } from './records';
import { persistChanges, readStored } from './sync';

/** A store with only what persistence reads, driven by hand. */
function fakeLab(workspace: Workspace) {
  return create<Pick<LabState, 'workspace' | 'runs'>>()(() => ({ workspace, runs: {} }));
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

describe('IndexedDB key-value store', () => {
  it('stores, lists by prefix and deletes structured values, typed arrays included', async () => {
    const kv = await openStore(new IDBFactory());
    await kv.set('run:a', { values: new Float32Array([1, NaN]) });
    await kv.set('run:b', 2);
    await kv.set('workspace', 3);
    const entries = await kv.entries<unknown>('run:');
    expect(entries.map(([k]) => k)).toEqual(['run:a', 'run:b']);
    expect((entries[0]?.[1] as { values: Float32Array }).values).toBeInstanceOf(Float32Array);
    await kv.delete('run:a');
    expect(await kv.get('run:a')).toBeUndefined();
    expect(await kv.get('workspace')).toBe(3);
  });

  it('reports a browser without IndexedDB, or one that forbids it, as unavailable', async () => {
    await expect(openStore(null)).rejects.toMatchObject({ problem: 'unavailable' });
    const forbidding = { open: () => { throw new DOMException('denied', 'SecurityError'); } } as unknown as IDBFactory;
    await expect(openStore(forbidding)).rejects.toMatchObject({ problem: 'unavailable' });
  });
});

describe('persistence', () => {
  it('reads back the workspace and finished results; a run cut off while training comes back interrupted', async () => {
    const kv = await openStore(new IDBFactory());
    const ws: Workspace = { ...defaultWorkspace(), shared: sharedOf(fixtureConfig()), runs: [{ id: 'a', method: methodChoice('ce') }, { id: 'b', method: methodChoice('focal') }] };
    const lab = fakeLab(ws);
    persistChanges(kv, lab.subscribe as never, (e) => { throw e; });
    lab.setState({ workspace: { ...ws }, runs: { a: fixtureRun('a'), b: fixtureRun('b', { status: 'running', config: fixtureConfig('focal') }) } });
    await settle();

    const stored = await readStored(kv);
    expect(stored.problems).toEqual([]);
    expect(stored.workspace?.runs.map((r) => r.id)).toEqual(['a', 'b']);
    expect(stored.workspace?.shared).toEqual(ws.shared);
    expect(stored.runs.a?.status).toBe('done');
    expect(stored.runs.a?.restored).toBe(true);
    expect(stored.runs.a?.latest?.test.perClass).toBeInstanceOf(Float32Array);
    expect(Array.from(stored.runs.a?.latest?.test.perClass ?? [])).toEqual(Array.from(fixtureRun('a').latest?.test.perClass ?? []));
    expect(stored.runs.b?.status).toBe('interrupted');

    // Removing a run from the store removes its stored results.
    lab.setState({ runs: { a: fixtureRun('a') } });
    await settle();
    expect(Object.keys((await readStored(kv)).runs)).toEqual(['a']);
  });

  it('reports a full storage instead of dropping the write silently', async () => {
    const full: KeyValueStore = {
      get: async () => undefined,
      entries: async () => [],
      set: () => Promise.reject(new StorageError('full', 'quota exceeded')),
      delete: async () => undefined,
    };
    const lab = fakeLab(defaultWorkspace());
    const onProblem = vi.fn();
    persistChanges(full, lab.subscribe as never, onProblem);
    lab.setState({ runs: { a: fixtureRun('a') } });
    await settle();
    expect(onProblem).toHaveBeenCalled();
    expect(onProblem.mock.calls[0]?.[0]).toMatchObject({ problem: 'full' });
  });

  it('skips stored records it cannot trust, and says so', async () => {
    const kv = await openStore(new IDBFactory());
    await kv.set('run:x', { format: 1, id: 'x', config: { method: { id: 'no-such-method' } }, status: 'done', createdAt: 1 });
    await kv.set('run:y', { ...toRecord(fixtureRun('y')), latest: { step: 'many' } });
    await kv.set('workspace', { format: 1, link: { v: 1, runs: [] }, ids: [] });
    const stored = await readStored(kv);
    expect(stored.runs).toEqual({});
    expect(stored.workspace).toBeNull();
    expect(stored.problems).toHaveLength(3);
  });
});

describe('run records', () => {
  it('survive JSON: typed arrays and NaN come back as they were', () => {
    const run = fixtureRun('a');
    const back = fromRecord(JSON.parse(JSON.stringify(toPlain(toRecord(run)))));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const { restored, attempt: _a, ...rest } = back.run;
    const { attempt: _b, ...original } = run;
    expect(restored).toBe(true);
    expect(rest).toEqual(original);
    expect(back.run.latest?.decision?.predicted).toBeInstanceOf(Uint8Array);
    expect(Number.isNaN(back.run.latest?.test.perClass[2])).toBe(true);
  });

  it('refuse oversized arrays', () => {
    const record = toPlain(toRecord(fixtureRun('a'))) as { latest: { test: { perClass: unknown[] } } };
    record.latest.test.perClass = new Array(10_000).fill(0.5);
    expect(fromRecord(record).ok).toBe(false);
  });
});
