/**
 * The memorisation explorer's scheduler. It owns the memorisation workers (one per core left
 * free by the training runs, at least one), hands each the next model to train, keeps every
 * finished model in IndexedDB under the settings' key (plan.ts) and in its own small store for
 * the views. Pause holds every worker between two steps; a reload finds the finished models
 * again and Continue trains only the rest. Nothing here starts without a click.
 */
import { create } from 'zustand';
import type { RunConfig } from '../../training/config';
import { isBusy } from '../../training/lifecycle';
import { estimateMemorisation, type SubsetModelResult } from '../../training/measures/memorisation';
import { MEMO_EVENT, MEMO_REQUEST, type ExplorerData, type MemoEvent, type MemoJob, type MemoRequest } from '../../workers/memorisationProtocol';
import { maxParallelRuns, threadsPerRun } from '../bridge';
import { openStore, StorageError, type KeyValueStore } from '../persist/idb';
import { useLab } from '../store';
import type { MemorisationSettings } from '../workspace';
import { missingModels, missingRemovals, modelKey, removalKey, type RemovalKind, type RemovalResult } from './plan';

export type ExplorerStatus = 'idle' | 'loading' | 'running' | 'paused' | 'error';

/** A removal model as stored: which removal, after how many subset models (0 for the whole set). */
export interface StoredRemoval extends RemovalResult {
  t: number;
}

export interface ExplorerState {
  key: string | null;
  config: RunConfig | null;
  settings: MemorisationSettings;
  status: ExplorerStatus;
  /** Finished subset models of this key (any k; the views use those with k < t). */
  models: SubsetModelResult[];
  removals: StoredRemoval[];
  /** Models found in storage when these settings were opened (e.g. after a reload). */
  restored: number;
  data: ExplorerData | null;
  error: string | null;
  /** A storage problem: what happened, and that the models stay in this page. */
  storage: string | null;
  /** Wall time of each model trained in this page, ms. */
  msPerModel: number[];
  workers: number;
}

const initial = (): ExplorerState => ({
  key: null,
  config: null,
  settings: { models: 50, fraction: 0.7 },
  status: 'idle',
  models: [],
  removals: [],
  restored: 0,
  data: null,
  error: null,
  storage: null,
  msPerModel: [],
  workers: 0,
});

export const useExplorer = create<ExplorerState>(initial);
const get = () => useExplorer.getState();
const set = (patch: Partial<ExplorerState>) => useExplorer.setState(patch);

interface Slot {
  worker: Worker;
  ready: boolean;
  busy: string | null;
}
type JobMeta = { kind: 'subset'; k: number } | { kind: 'removal'; which: RemovalKind; count: number; t: number };

const slots: Slot[] = [];
const pending = new Map<string, JobMeta>();
/** Bumped whenever the settings' key changes: answers of older workers are dropped. */
let generation = 0;
let jobCounter = 0;
let kv: Promise<KeyValueStore> | null = null;

function store(): Promise<KeyValueStore> {
  kv ??= openStore();
  return kv;
}

/** Uses this store instead of the app's database (tests: a store that is full), or the app's again with null. */
export function setExplorerStore(store: Promise<KeyValueStore> | null): void {
  kv = store;
}

/** Forgets everything in this page (workers, state): as a reload would. */
export function resetExplorer(): void {
  closeWorkers();
  generation++;
  useExplorer.setState(initial());
}

function storageText(e: unknown): string {
  const why = e instanceof StorageError ? e.message : String(e);
  const full = e instanceof StorageError && e.problem === 'full';
  return `${full ? 'Storage is full' : 'Storage failed'} (${why}): the models trained from now on stay in this page but will not survive a reload; everything stored before is kept. Free space with “Forget stored models” on settings you no longer need.`;
}

function save(key: string, value: unknown): void {
  store()
    .then((s) => s.set(key, value))
    .catch((e: unknown) => set({ storage: storageText(e) }));
}

/** Shows the explorer for these settings: its stored models, and the data to draw them (a worker loads it). */
export async function openExplorer(config: RunConfig, settings: MemorisationSettings, key: string): Promise<void> {
  if (get().key === key) {
    set({ settings, config });
    return;
  }
  closeWorkers();
  const mine = ++generation;
  set({ ...initial(), key, config, settings, status: 'loading' });
  let models: SubsetModelResult[] = [];
  let removals: StoredRemoval[] = [];
  try {
    const entries = await (await store()).entries<SubsetModelResult | StoredRemoval>(`${key}:`);
    models = entries.filter(([k]) => k.includes(':m:')).map(([, v]) => v as SubsetModelResult);
    removals = entries.filter(([k]) => k.includes(':r:')).map(([, v]) => v as StoredRemoval);
  } catch (e) {
    if (mine === generation) set({ storage: storageText(e) });
  }
  if (mine !== generation) return;
  set({ models: models.sort((a, b) => a.k - b.k), removals, restored: models.length + removals.length, status: 'idle' });
  if (models.length > 0) spawn(config, settings.fraction, 1);
}

/** Trains the models still missing for the current t (then the removal experiment). */
export function startExplorer(): void {
  const { config, settings, status } = get();
  if (!config || status === 'running' || status === 'loading') return;
  if (status === 'paused') return resumeExplorer();
  set({ status: 'running', error: null });
  const busyRuns = Object.values(useLab.getState().runs).filter((r) => isBusy(r.status)).length;
  const wanted = Math.max(1, maxParallelRuns() - busyRuns);
  while (slots.length < wanted) spawn(config, settings.fraction, wanted);
  set({ workers: slots.length });
  feedAll();
}

export function pauseExplorer(): void {
  if (get().status !== 'running') return;
  set({ status: 'paused' });
  for (const slot of slots) post(slot, { type: MEMO_REQUEST.pause });
}

export function resumeExplorer(): void {
  if (get().status !== 'paused') return;
  set({ status: 'running' });
  for (const slot of slots) post(slot, { type: MEMO_REQUEST.resume });
  feedAll();
}

/** Stops training; finished models stay (stored), the ones in training are dropped. */
export function stopExplorer(): void {
  const data = get().data;
  closeWorkers();
  generation++;
  set({ status: 'idle', workers: 0, data });
}

/** Deletes this key's stored models. */
export async function forgetExplorer(): Promise<void> {
  const { key } = get();
  if (!key) return;
  stopExplorer();
  set({ models: [], removals: [], restored: 0, msPerModel: [] });
  try {
    const s = await store();
    for (const [k] of await s.entries<unknown>(`${key}:`)) await s.delete(k);
  } catch (e) {
    set({ storage: storageText(e) });
  }
}

function post(slot: Slot, request: MemoRequest): void {
  slot.worker.postMessage(request);
}

function spawn(config: RunConfig, fraction: number, workersAtOnce: number): void {
  const mine = generation;
  const worker = new Worker(new URL('../../workers/memorisation.worker.ts', import.meta.url), { type: 'module', name: 'memorisation' });
  const slot: Slot = { worker, ready: false, busy: null };
  slots.push(slot);
  worker.onmessage = (e: MessageEvent<MemoEvent>) => {
    if (mine === generation) onEvent(slot, e.data);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    if (mine === generation) fail(`A memorisation worker crashed: ${e.message || 'no detail'}.`);
  };
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  post(slot, { type: MEMO_REQUEST.init, config, fraction, cpuThreads: threadsPerRun(config, cores, workersAtOnce) });
  if (get().status === 'paused') post(slot, { type: MEMO_REQUEST.pause });
}

function closeWorkers(): void {
  for (const slot of slots) slot.worker.terminate();
  slots.length = 0;
  pending.clear();
}

function fail(message: string): void {
  const data = get().data;
  closeWorkers();
  generation++;
  set({ status: 'error', error: message, workers: 0, data });
}

function onEvent(slot: Slot, event: MemoEvent): void {
  if (event.type === MEMO_EVENT.error) return fail(`Training a memorisation model failed: ${event.message}`);
  if (event.type === MEMO_EVENT.ready) {
    slot.ready = true;
    if (!get().data) set({ data: event.data });
    // feedAll, not feed: a worker that loads after the others finished everything ends the training.
    return feedAll();
  }
  const meta = pending.get(event.jobId);
  pending.delete(event.jobId);
  slot.busy = null;
  const { key } = get();
  if (!meta || !key) return feed(slot);
  const msPerModel = [...get().msPerModel, event.ms];
  if (meta.kind === 'subset') {
    const model: SubsetModelResult = { k: meta.k, inSubset: event.inSubset ?? new Uint8Array(0), trainCorrect: event.trainCorrect, testCorrect: event.testCorrect, ms: event.ms };
    save(modelKey(key, meta.k), model);
    set({ models: [...get().models, model].sort((a, b) => a.k - b.k), msPerModel });
  } else {
    const removal: StoredRemoval = { which: meta.which, count: meta.count, t: meta.t, testCorrect: event.testCorrect };
    save(removalKey(key, meta.t, meta.which, meta.count), removal);
    set({ removals: [...get().removals, removal], msPerModel });
  }
  feedAll();
}

function feedAll(): void {
  for (const slot of slots) feed(slot);
  if (get().status === 'running' && pending.size === 0 && slots.every((s) => s.ready) && !nextJob()) {
    // Everything is trained: the workers go, the results stay.
    const data = get().data;
    closeWorkers();
    set({ status: 'idle', workers: 0, data });
  }
}

/** Removal models of the current t (and the whole-set model). */
export function removalsAt(removals: readonly StoredRemoval[], t: number): StoredRemoval[] {
  return removals.filter((r) => r.which === 'none' || r.t === t);
}

function nextJob(): { job: MemoJob; meta: JobMeta } | null {
  const { models, settings, removals, data, config } = get();
  const t = settings.models;
  const training = [...pending.values()];
  const k = missingModels(models, t).find((m) => !training.some((p) => p.kind === 'subset' && p.k === m));
  if (k !== undefined) return { job: { id: `j${++jobCounter}`, kind: 'subset', k }, meta: { kind: 'subset', k } };
  // The removals follow from the estimates of all t models.
  if (training.some((p) => p.kind === 'subset') || !data || !config) return null;
  const { mem } = estimateMemorisation(models.filter((m) => m.k < t), data.trainY.length);
  const next = missingRemovals(mem, config.seed, removalsAt(removals, t)).find(
    (j) => !training.some((p) => p.kind === 'removal' && p.which === j.which && p.count === j.count),
  );
  if (!next) return null;
  return { job: { id: `j${++jobCounter}`, kind: 'removal', removed: next.removed }, meta: { kind: 'removal', which: next.which, count: next.count, t } };
}

function feed(slot: Slot): void {
  if (get().status !== 'running' || !slot.ready || slot.busy) return;
  const next = nextJob();
  if (!next) return;
  slot.busy = next.job.id;
  pending.set(next.job.id, next.meta);
  post(slot, { type: MEMO_REQUEST.job, job: next.job });
}
