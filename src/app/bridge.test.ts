import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT, REQUEST, type RunStatus, type WorkerEvent, type WorkerRequest } from '../workers/protocol';
import { startAll, stopAll } from './actions';
import { discardAllRuns, maxParallelRuns, threadsPerRun } from './bridge';
import { useLab } from './store';

/** A stand-in for a module worker: records requests, and lets the test speak for it. */
class FakeWorker {
  static all: FakeWorker[] = [];
  received: WorkerRequest[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<WorkerEvent>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  constructor() {
    FakeWorker.all.push(this);
  }
  postMessage(request: WorkerRequest) {
    this.received.push(request);
  }
  terminate() {
    this.terminated = true;
  }
  /** The run id the app gave this worker's attempt. */
  get attempt(): string {
    return this.received[0]?.runId ?? '';
  }
  reportStatus(status: RunStatus) {
    this.onmessage?.({ data: { type: EVENT.status, runId: this.attempt, status } } as MessageEvent<WorkerEvent>);
  }
}

const live = () => FakeWorker.all.filter((w) => !w.terminated);
const statuses = () => useLab.getState().workspace.runs.map((r) => useLab.getState().runs[r.id]?.status);

beforeEach(() => {
  FakeWorker.all = [];
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('navigator', { hardwareConcurrency: 3 });
  useLab.setState(useLab.getInitialState(), true);
  for (const id of ['focal', 'mixup', 'remix']) useLab.getState().addRunEntry(id);
});

afterEach(() => {
  discardAllRuns();
  vi.unstubAllGlobals();
});

describe('run scheduling', () => {
  it('keeps one core for the page: cores − 1 workers, at least one', () => {
    expect(maxParallelRuns()).toBe(2);
    vi.stubGlobal('navigator', { hardwareConcurrency: 1 });
    expect(maxParallelRuns()).toBe(1);
  });

  it('shares the cores left for training among the runs that train at once', () => {
    expect(threadsPerRun(2, 1)).toBe(1); // one core for the page, one for the run
    expect(threadsPerRun(8, 1)).toBe(4); // capped: small models gain little beyond 4 threads
    expect(threadsPerRun(8, 7)).toBe(1);
    expect(threadsPerRun(9, 2)).toBe(4);
    expect(threadsPerRun(7, 2)).toBe(3);
    expect(threadsPerRun(1, 4)).toBe(1);
  });

  it('tells each worker how many threads it may use', () => {
    startAll(); // 4 runs on 3 cores: 2 at once, one thread each
    for (const w of live()) expect(w.received[0]).toMatchObject({ type: REQUEST.start, cpuThreads: 1 });
  });

  it('trains as many runs at once as cores allow, queues the rest, and starts them as runs end', () => {
    startAll();
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
    startAll();
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
});
