import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultRunConfig } from '../../training/config';
import { packBits } from '../../training/measures/memorisation';
import { MEMO_EVENT, MEMO_REQUEST, type ExplorerData, type MemoEvent, type MemoRequest } from '../../workers/memorisationProtocol';
import { openStore, StorageError, type KeyValueStore } from '../persist/idb';
import { openExplorer, pauseExplorer, resetExplorer, resumeExplorer, setExplorerStore, startExplorer, useExplorer } from './explorer';
import { explorerKey } from './plan';

/** A memorisation worker the test speaks for. */
class FakeMemoWorker {
  static all: FakeMemoWorker[] = [];
  received: MemoRequest[] = [];
  answered = 0;
  terminated = false;
  onmessage: ((e: MessageEvent<MemoEvent>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  constructor() {
    FakeMemoWorker.all.push(this);
  }
  postMessage(request: MemoRequest) {
    this.received.push(request);
  }
  terminate() {
    this.terminated = true;
  }
  emit(event: MemoEvent) {
    this.onmessage?.({ data: event } as MessageEvent<MemoEvent>);
  }
  jobs() {
    return this.received.flatMap((r) => (r.type === MEMO_REQUEST.job ? [r.job] : []));
  }
  /** Answers the oldest job not answered yet; false if there is none. */
  answer(): boolean {
    const job = this.jobs()[this.answered];
    if (!job) return false;
    this.answered++;
    this.emit({ type: MEMO_EVENT.result, jobId: job.id, ...(job.kind === 'subset' ? { inSubset: packBits([1, 1, 1, 1, 1, 1, 1, 0, 0, 0]) } : {}), trainCorrect: packBits(new Array(10).fill(1)), testCorrect: packBits([1, 0, 1, 0]), ms: 500 });
    return true;
  }
}

const DATA: ExplorerData = {
  classes: 2,
  classNames: ['a', 'b'],
  trainCounts: [8, 2],
  splits: ['many', 'few'],
  trainY: Int32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]),
  testY: Int32Array.from([0, 0, 1, 1]),
};

const live = () => FakeMemoWorker.all.filter((w) => !w.terminated);
/** Answers every open job, again and again, until none is left. */
function answerAll(): void {
  while (live().some((w) => w.answer()));
}

const config = defaultRunConfig();
const settings = { models: 3, fraction: 0.7 };
const key = explorerKey(config, settings.fraction);

describe('memorisation explorer scheduling and storage', () => {
  let kv: KeyValueStore;
  beforeEach(async () => {
    vi.stubGlobal('Worker', FakeMemoWorker);
    FakeMemoWorker.all = [];
    kv = await openStore();
    for (const [k] of await kv.entries(`${key}:`)) await kv.delete(k);
    setExplorerStore(Promise.resolve(kv));
    resetExplorer();
  });
  afterEach(() => {
    resetExplorer();
    vi.unstubAllGlobals();
  });

  it('trains t subset models, then the removal models; stores every one; a reload finds them', async () => {
    await openExplorer(config, settings, key);
    expect(useExplorer.getState().status).toBe('idle');
    expect(FakeMemoWorker.all).toHaveLength(0); // nothing stored, nothing to load yet
    startExplorer();
    expect(useExplorer.getState().status).toBe('running');
    for (const w of FakeMemoWorker.all) expect(w.received[0]?.type).toBe(MEMO_REQUEST.init);
    for (const w of FakeMemoWorker.all) w.emit({ type: MEMO_EVENT.ready, backend: 'cpu', data: DATA });
    expect(FakeMemoWorker.all.flatMap((w) => w.jobs())).not.toHaveLength(0);

    // Pause: the workers are told, and an answer hands out no new job.
    pauseExplorer();
    for (const w of live()) expect(w.received.at(-1)?.type).toBe(MEMO_REQUEST.pause);
    const handedOut = FakeMemoWorker.all.flatMap((w) => w.jobs()).length;
    live()[0]?.answer();
    expect(FakeMemoWorker.all.flatMap((w) => w.jobs())).toHaveLength(handedOut);
    expect(useExplorer.getState().models).toHaveLength(1);
    resumeExplorer();

    answerAll();
    const state = useExplorer.getState();
    expect(state.models.map((m) => m.k)).toEqual([0, 1, 2]);
    // n = 10: every removal fraction rounds to one example: the whole set, top 1, random 1.
    expect(state.removals.map((r) => `${r.which}${r.count}`).sort()).toEqual(['none0', 'random1', 'top1']);
    expect(state.status).toBe('idle');
    expect(live()).toHaveLength(0);
    const subsetJobs = FakeMemoWorker.all.flatMap((w) => w.jobs()).filter((j) => j.kind === 'subset');
    expect(subsetJobs.map((j) => (j.kind === 'subset' ? j.k : -1)).sort()).toEqual([0, 1, 2]);

    await vi.waitFor(async () => expect(await kv.entries(`${key}:`)).toHaveLength(6));
    resetExplorer(); // a reload
    await openExplorer(config, settings, key);
    expect(useExplorer.getState()).toMatchObject({ restored: 6, status: 'idle' });
    expect(useExplorer.getState().removals).toHaveLength(3);
    // One worker loads the data to draw the stored models; it trains nothing.
    expect(live()).toHaveLength(1);
    expect(live()[0]?.jobs()).toHaveLength(0);
  });

  it('raising t trains only the new models', async () => {
    await openExplorer(config, settings, key);
    startExplorer();
    for (const w of FakeMemoWorker.all) w.emit({ type: MEMO_EVENT.ready, backend: 'cpu', data: DATA });
    answerAll();
    await openExplorer(config, { ...settings, models: 5 }, key);
    startExplorer();
    for (const w of live()) w.emit({ type: MEMO_EVENT.ready, backend: 'cpu', data: DATA });
    const ks = live().flatMap((w) => w.jobs()).flatMap((j) => (j.kind === 'subset' ? [j.k] : []));
    expect(ks.every((k) => k >= 3)).toBe(true);
    answerAll();
    expect(useExplorer.getState().models.map((m) => m.k)).toEqual([0, 1, 2, 3, 4]);
  });

  it('shares the models among the workers; one that loads after the rest is done still ends the training', async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 3 });
    await openExplorer(config, settings, key);
    startExplorer();
    expect(FakeMemoWorker.all).toHaveLength(2);
    const [first, late] = FakeMemoWorker.all;
    first?.emit({ type: MEMO_EVENT.ready, backend: 'cpu', data: DATA });
    while (first?.answer());
    expect(useExplorer.getState().models).toHaveLength(3);
    expect(useExplorer.getState().status).toBe('running');
    late?.emit({ type: MEMO_EVENT.ready, backend: 'cpu', data: DATA });
    expect(useExplorer.getState().status).toBe('idle');
    expect(live()).toHaveLength(0);
  });

  it('storage full: says so, and keeps training with the models in the page', async () => {
    const full: KeyValueStore = {
      get: () => Promise.resolve(undefined),
      entries: () => Promise.resolve([]),
      set: () => Promise.reject(new StorageError('full', 'quota exceeded')),
      delete: () => Promise.resolve(),
    };
    setExplorerStore(Promise.resolve(full));
    await openExplorer(config, settings, key);
    startExplorer();
    for (const w of FakeMemoWorker.all) w.emit({ type: MEMO_EVENT.ready, backend: 'cpu', data: DATA });
    answerAll();
    await vi.waitFor(() => expect(useExplorer.getState().storage).toMatch(/Storage is full \(.*quota exceeded\).*stay in this page/));
    expect(useExplorer.getState().models).toHaveLength(3);
  });
});
