import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT, REQUEST } from '../workers/protocol';
import { startAll, stopAll } from './actions';
import { discardAllRuns, maxParallelRuns, SNAPSHOT_FLUSH_MS, threadsPerRun } from './bridge';
import { FakeWorker } from './fakeWorker';
import { fixtureConfig, fixtureRun } from './testFixtures';
import { useLab } from './store';

const live = () => FakeWorker.all.filter((w) => !w.terminated);
const statuses = () => useLab.getState().workspace.runs.map((r) => useLab.getState().runs[r.id]?.status);

/** Starts every run and lets the bridge launch them (it does so in a task of its own). */
function startAllNow(): void {
  startAll();
  vi.runOnlyPendingTimers();
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeWorker.all = [];
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('navigator', { hardwareConcurrency: 3 });
  useLab.setState(useLab.getInitialState(), true);
  for (const id of ['focal', 'mixup', 'remix']) useLab.getState().addRunEntry(id);
});

afterEach(() => {
  discardAllRuns();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('run scheduling', () => {
  it('keeps one core for the page: cores − 1 workers, at least one', () => {
    expect(maxParallelRuns()).toBe(2);
    vi.stubGlobal('navigator', { hardwareConcurrency: 1 });
    expect(maxParallelRuns()).toBe(1);
  });

  it('lets the address ask for a number of parallel runs, within 1–8', () => {
    vi.stubGlobal('location', { search: '?workers=4' });
    expect(maxParallelRuns()).toBe(4);
    for (const bad of ['?workers=0', '?workers=9', '?workers=two', '?workers=2.5']) {
      vi.stubGlobal('location', { search: bad });
      expect(maxParallelRuns()).toBe(2);
    }
  });

  it('shares the cores left for training among the CNN runs that train at once; an MLP takes one', () => {
    const cnn = { ...fixtureConfig(), model: { ...fixtureConfig().model, kind: 'cnn' as const } };
    expect(threadsPerRun(cnn, 2, 1)).toBe(1); // one core for the page, one for the run
    expect(threadsPerRun(cnn, 8, 1)).toBe(4); // capped: small models gain little beyond 4 threads
    expect(threadsPerRun(cnn, 8, 7)).toBe(1);
    expect(threadsPerRun(cnn, 9, 2)).toBe(4);
    expect(threadsPerRun(cnn, 7, 2)).toBe(3);
    expect(threadsPerRun(cnn, 1, 4)).toBe(1);
    expect(threadsPerRun(fixtureConfig(), 16, 1)).toBe(1);
  });

  it('tells each worker how many threads it may use', () => {
    startAllNow(); // 4 runs on 3 cores: 2 at once, one thread each
    for (const w of live()) expect(w.received[0]).toMatchObject({ type: REQUEST.start, cpuThreads: 1 });
  });

  it('trains as many runs at once as cores allow, queues the rest, and starts them as runs end', () => {
    startAll();
    expect(live()).toHaveLength(0); // the view draws them queued first; workers come in the next task
    vi.runOnlyPendingTimers();
    expect(live()).toHaveLength(2);
    expect(statuses()).toEqual(['queued', 'queued', 'queued', 'queued']);
    for (const w of live()) expect(w.received[0]?.type).toBe(REQUEST.start);

    const [first, second] = FakeWorker.all;
    first?.reportStatus('running');
    second?.reportStatus('paused');
    expect(statuses()).toEqual(['running', 'paused', 'queued', 'queued']);
    expect(FakeWorker.all).toHaveLength(2); // a paused run keeps its core

    first?.reportStatus('done');
    expect(first?.terminated).toBe(true);
    expect(FakeWorker.all).toHaveLength(3);
    expect(FakeWorker.all[2]?.received[0]).toMatchObject({ type: REQUEST.start, config: { method: { id: 'mixup' } } });

    // Every run trains the same data from the same seed: only the method differs.
    const configs = FakeWorker.all.map((w) => w.received[0]).map((r) => (r?.type === REQUEST.start ? r.config : null));
    expect(new Set(configs.map((c) => JSON.stringify({ ...c, method: null }))).size).toBe(1);
  });

  it('stops queued runs without starting them, and drops events of attempts it no longer knows', () => {
    startAllNow();
    const [first] = FakeWorker.all;
    stopAll();
    expect(statuses().slice(2)).toEqual(['stopped', 'stopped']);
    expect(first?.received.at(-1)?.type).toBe(REQUEST.stop);
    first?.reportStatus('stopped');
    expect(FakeWorker.all).toHaveLength(2);

    discardAllRuns();
    first?.reportStatus('running');
    expect(useLab.getState().runs).toEqual({});
  });

  it('hands snapshots to the store together, at most every SNAPSHOT_FLUSH_MS, and any other event first flushes them', () => {
    vi.useFakeTimers();
    try {
      startAllNow();
      const [first] = FakeWorker.all;
      const snapshot = fixtureRun('x').latest!;
      const runOf = () => Object.values(useLab.getState().runs).find((r) => r.attempt === first?.attempt);
      let renders = 0;
      const unsubscribe = useLab.subscribe(() => renders++);
      first?.report({ type: EVENT.snapshot, ...first.ref, snapshot: { ...snapshot, step: 1 } });
      first?.report({ type: EVENT.snapshot, ...first.ref, snapshot: { ...snapshot, step: 2 } });
      expect(runOf()?.history).toHaveLength(0);
      vi.advanceTimersByTime(SNAPSHOT_FLUSH_MS);
      expect(runOf()?.history.map((p) => p.step)).toEqual([1, 2]); // every point kept, in order
      expect(renders).toBe(1); // one store update for both

      first?.report({ type: EVENT.snapshot, ...first.ref, snapshot: { ...snapshot, step: 3 } });
      first?.reportStatus('done');
      expect(runOf()?.history.map((p) => p.step)).toEqual([1, 2, 3]);
      expect(runOf()?.status).toBe('done');
      // A re-evaluation after the user moved a knob is not held back.
      first?.report({ type: EVENT.snapshot, ...first.ref, snapshot: { ...snapshot, step: 3, trainLoss: 0.1 }, adjusted: true });
      expect(runOf()?.latest?.trainLoss).toBe(0.1);
      unsubscribe();
    } finally {
      vi.useRealTimers();
    }
  });
});
