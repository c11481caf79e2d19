/**
 * The one owner of training workers. A run is queued first; the scheduler gives it a worker
 * when a core is free (at most one fewer worker than the machine has cores, at least one), so
 * a comparison of eight runs never starves the page. The bridge forwards the user's controls,
 * folds the worker's events into the store and terminates workers when runs end.
 */
import type { RunConfig } from '../training/config';
import { isEnded, keepsModel } from '../training/lifecycle';
import { EVENT, HEARTBEAT, REQUEST, type Fault, type RunRef, type Speed, type WorkerEvent, type WorkerMessage, type WorkerRequest } from '../workers/protocol';
import { useLab } from './store';
import { pageWasFrozen, silenceLimitMs, silenceMessage, WATCHDOG_CHECK_MS } from './watchdog';

/** Workers by attempt id (one attempt per start of a run). */
const workers = new Map<string, Worker>();
/** Attempts that take one step and pause as soon as their worker starts. */
const stepOnLaunch = new Set<string>();
let attemptCounter = 0;

/**
 * Workers that may train at once: one core stays free for the page itself. `?workers=N` in the
 * page's address overrides it (1–8), e.g. to watch four runs train side by side on two cores.
 */
export function maxParallelRuns(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return (typeof location !== 'undefined' ? workersFromQuery(location.search) : null) ?? Math.max(1, cores - 1);
}

/** `?workers=N` (1–8) from a query string, or null; any other query string is ignored. Never throws. */
export function workersFromQuery(search: string): number | null {
  const asked = Number(new URLSearchParams(search).get('workers'));
  return Number.isInteger(asked) && asked >= 1 && asked <= 8 ? asked : null;
}

/**
 * Threads a new run may use on the wasm backend: the cores left for training, shared among the
 * runs that will train at once (at most 4: these small models gain little beyond). An MLP gets
 * one: its matrices are so small that threads cost more than they save (`npm run bench`, 2-D
 * scenario: 3.8 ms a step on one thread, 6.6 ms on two). So does the ViT: its step was faster on one
 * thread than on two in the bench's vit-fashion scenario (1072 against 1787 ms on a loaded machine).
 */
export function threadsPerRun(config: RunConfig, cores: number, runsAtOnce: number): number {
  if (config.model.kind !== 'cnn') return 1;
  return Math.max(1, Math.min(4, Math.floor((cores - 1) / Math.max(1, runsAtOnce))));
}

function newAttemptId(): string {
  attemptCounter += 1;
  return String(attemptCounter);
}

function send(attempt: string, request: WorkerRequest): void {
  workers.get(attempt)?.postMessage(request);
}

function terminate(attempt: string): void {
  workers.get(attempt)?.terminate();
  workers.delete(attempt);
  stepOnLaunch.delete(attempt);
  lastSign.delete(attempt);
  if (workers.size === 0) stopWatchdog();
}

/** When each worker last said anything, and its slowest step so far (from its heartbeats). */
const lastSign = new Map<string, { at: number; longestStallMs: number }>();
let watchdogTimer: ReturnType<typeof setInterval> | null = null;
let lastCheck = 0;

function noteSign(attempt: string, longestStallMs?: number): void {
  const previous = lastSign.get(attempt);
  lastSign.set(attempt, { at: Date.now(), longestStallMs: longestStallMs ?? previous?.longestStallMs ?? 0 });
}

/** Ends every run whose worker has been silent for longer than its slowest step allows. */
function checkWorkers(): void {
  const now = Date.now();
  const frozen = pageWasFrozen(now - lastCheck);
  lastCheck = now;
  for (const [attempt, sign] of [...lastSign]) {
    if (frozen) {
      lastSign.set(attempt, { ...sign, at: now });
      continue;
    }
    const run = Object.values(useLab.getState().runs).find((r) => r.attempt === attempt);
    if (!run || isEnded(run.status)) continue;
    const silent = now - sign.at;
    if (silent <= silenceLimitMs(sign.longestStallMs, (run.latest?.step ?? 0) > 0)) continue;
    onEvent({ type: EVENT.error, runId: run.id, attempt, kind: 'unresponsive', message: silenceMessage(silent, sign.longestStallMs, run.latest?.step) });
  }
}

function startWatchdog(): void {
  if (watchdogTimer !== null) return;
  lastCheck = Date.now();
  watchdogTimer = setInterval(checkWorkers, WATCHDOG_CHECK_MS);
}

function stopWatchdog(): void {
  if (watchdogTimer !== null) clearInterval(watchdogTimer);
  watchdogTimer = null;
}

function attemptOf(runId: string): string | undefined {
  return useLab.getState().runs[runId]?.attempt;
}

/**
 * Snapshots arrive up to ten times a second from every worker; redrawing every chart for each
 * would keep the page busy. They wait here and reach the store together, at most this often
 * (the eye needs no more); any other event flushes them first, so order is kept.
 */
export const SNAPSHOT_FLUSH_MS = 250;
let pendingSnapshots: WorkerEvent[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;

function flushSnapshots(): void {
  if (flushTimer !== null) clearTimeout(flushTimer);
  flushTimer = null;
  if (pendingSnapshots.length === 0) return;
  const events = pendingSnapshots;
  pendingSnapshots = [];
  useLab.getState().applyEvents(events);
}

function onEvent(event: WorkerEvent): void {
  // A re-evaluation after the user moved a knob shows at once.
  const routine = (event.type === EVENT.snapshot && !event.adjusted) || event.type === EVENT.progress;
  if (routine) {
    pendingSnapshots.push(event);
    flushTimer ??= setTimeout(flushSnapshots, SNAPSHOT_FLUSH_MS);
    return;
  }
  flushSnapshots();
  const store = useLab.getState();
  store.applyEvent(event);
  const found = useLab.getState().runs[event.runId];
  const run = found?.attempt === event.attempt ? found : undefined;
  // A finished run whose method has a live knob keeps its worker (and model) until discarded.
  const ended = !run || (isEnded(run.status) && !keepsModel(run.status, run.config.method.id));
  if (ended) terminate(event.attempt);
  if (event.type === EVENT.status || event.type === EVENT.error) schedule();
}

function launch(runId: string, attempt: string, config: RunConfig, runsAtOnce: number): void {
  const worker = new Worker(new URL('../workers/training.worker.ts', import.meta.url), { type: 'module', name: runId });
  workers.set(attempt, worker);
  noteSign(attempt);
  startWatchdog();
  worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
    const message = e.data;
    if (workers.has(attempt)) noteSign(attempt, message.type === HEARTBEAT ? message.longestStallMs : undefined);
    if (message.type !== HEARTBEAT) onEvent(message);
  };
  // A worker that fails to load or crashes outright still ends its run with a message.
  worker.onerror = (e) => {
    e.preventDefault();
    onEvent({ type: EVENT.error, runId, attempt, kind: 'exception', message: `The training worker crashed: ${e.message || 'no detail'}.` });
  };
  worker.onmessageerror = () => {
    onEvent({ type: EVENT.error, runId, attempt, kind: 'exception', message: 'A message from the training worker could not be read.' });
  };
  const cores = navigator.hardwareConcurrency || 2;
  send(attempt, { type: REQUEST.start, runId, attempt, config, speed: useLab.getState().speed, cpuThreads: threadsPerRun(config, cores, runsAtOnce) });
  if (stepOnLaunch.delete(attempt)) send(attempt, { type: REQUEST.step, runId, attempt });
}

/** Starts queued runs, in workspace order, while cores are free. Paused runs keep their core. */
function schedule(): void {
  const { runs, workspace } = useLab.getState();
  // A run holds its core from launch (still 'queued' until its worker reports) until it ends;
  // a paused run keeps it, so that Resume never oversubscribes the machine.
  let active = Object.values(runs).filter((r) => workers.has(r.attempt) && !isEnded(r.status)).length;
  const waiting = Object.values(runs).filter((r) => r.status === 'queued' && !workers.has(r.attempt)).length;
  // Runs are queued one by one (Start all), so count the workspace too: its runs will train together.
  const runsAtOnce = Math.min(maxParallelRuns(), Math.max(active + waiting, workspace.runs.length));
  for (const entry of workspace.runs) {
    if (active >= maxParallelRuns()) return;
    const run = runs[entry.id];
    if (run?.status !== 'queued' || workers.has(run.attempt)) continue;
    launch(run.id, run.attempt, run.config, runsAtOnce);
    active++;
  }
  // Runs queued for entries that were removed from the workspace in the meantime.
  for (const run of Object.values(runs)) {
    if (active >= maxParallelRuns()) return;
    if (run.status !== 'queued' || workers.has(run.attempt) || workspace.runs.some((e) => e.id === run.id)) continue;
    launch(run.id, run.attempt, run.config, runsAtOnce);
    active++;
  }
}

/** Queues a fresh attempt of a run (dropping its previous results) and starts it when a core is free. */
export function queueRun(runId: string, config: RunConfig, options: { step?: boolean } = {}): void {
  const previous = attemptOf(runId);
  if (previous) terminate(previous);
  const attempt = newAttemptId();
  if (options.step) stepOnLaunch.add(attempt);
  useLab.getState().queueRun(runId, attempt, config);
  scheduleSoon();
}

let launchTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * Launches queued runs in a task of their own, so that starting several runs first draws them
 * queued and then creates workers (together, the click that starts a four-run lesson was a
 * 56–57 ms task). Queuing several runs in one go still launches them together, in order.
 */
function scheduleSoon(): void {
  if (launchTimer !== null) return;
  launchTimer = setTimeout(() => {
    launchTimer = null;
    schedule();
  }, 0);
}

/** Whether a worker stands behind the run (it can be paused, stepped, or its knob moved). */
export function hasWorker(runId: string): boolean {
  const attempt = attemptOf(runId);
  return attempt !== undefined && workers.has(attempt);
}

function sendTo(runId: string, make: (ref: RunRef) => WorkerRequest): void {
  const attempt = attemptOf(runId);
  if (attempt) send(attempt, make({ runId, attempt }));
}

export const pauseRun = (runId: string) => sendTo(runId, (ref) => ({ type: REQUEST.pause, ...ref }));
export const resumeRun = (runId: string) => sendTo(runId, (ref) => ({ type: REQUEST.resume, ...ref }));
export const stepRun = (runId: string) => sendTo(runId, (ref) => ({ type: REQUEST.step, ...ref }));
export const setRunSpeed = (runId: string, speed: Speed) => sendTo(runId, (ref) => ({ type: REQUEST.setSpeed, ...ref, speed }));

export function adjustRun(runId: string, value: number): void {
  useLab.getState().setPosthocValue(runId, value);
  sendTo(runId, (ref) => ({ type: REQUEST.adjust, ...ref, value }));
}

/**
 * Stops a run and keeps what it reached; a queued run simply never starts. With `reschedule`
 * false the freed core is not handed on (stopping everything must not launch what it stops next).
 */
export function stopRun(runId: string, reschedule = true): void {
  const run = useLab.getState().runs[runId];
  if (!run) return;
  if (!workers.has(run.attempt)) {
    useLab.getState().endRunLocally(runId, 'stopped');
    if (reschedule) schedule();
    return;
  }
  send(run.attempt, { type: REQUEST.stop, runId, attempt: run.attempt });
}

/** Stops the run's worker at once and forgets its results. */
export function discardRun(runId: string): void {
  const attempt = attemptOf(runId);
  if (attempt) terminate(attempt);
  useLab.getState().removeRun(runId);
  schedule();
}

/** Stops every worker and forgets every result (Reset, or a new workspace loaded). */
export function discardAllRuns(): void {
  if (launchTimer !== null) clearTimeout(launchTimer); // nothing is left to launch
  launchTimer = null;
  for (const attempt of [...workers.keys()]) terminate(attempt);
  useLab.getState().clearRuns();
}

/**
 * Fault injection for the end-to-end tests, on `window.__longTailLabFaults`, only when the
 * browser is driven by automation (navigator.webdriver): a person's page never has it. Runs are
 * named by their place in the workspace. `kill` terminates a worker behind the bridge's back, as
 * the browser does to a crashed one (no error event); `inject` asks a worker to fail from inside.
 */
function installFaultHooks(): void {
  if (typeof window === 'undefined' || typeof navigator === 'undefined' || !navigator.webdriver) return;
  const refAt = (index: number): RunRef | undefined => {
    const entry = useLab.getState().workspace.runs[index];
    const attempt = entry ? attemptOf(entry.id) : undefined;
    return entry && attempt ? { runId: entry.id, attempt } : undefined;
  };
  (window as unknown as { __longTailLabFaults: unknown }).__longTailLabFaults = {
    kill: (index: number) => {
      const ref = refAt(index);
      workers.get(ref?.attempt ?? '')?.terminate();
      return ref !== undefined && workers.has(ref.attempt);
    },
    inject: (index: number, fault: Fault) => {
      const ref = refAt(index);
      if (ref) send(ref.attempt, { type: REQUEST.fault, ...ref, fault });
      return ref !== undefined && workers.has(ref.attempt);
    },
  };
}
installFaultHooks();
