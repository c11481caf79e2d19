/**
 * The one owner of training workers: it starts one worker per run, forwards the user's
 * controls, folds the worker's events into the store, and terminates workers when runs end.
 */
import type { RunConfig } from '../training/config';
import { getMethod } from '../training/methods/registry';
import { EVENT, REQUEST, type Speed, type WorkerEvent, type WorkerRequest } from '../workers/protocol';
import { useLab } from './store';

const workers = new Map<string, Worker>();
let counter = 0;

function newRunId(): string {
  counter += 1;
  return `run-${Date.now().toString(36)}-${counter}`;
}

function send(runId: string, request: WorkerRequest): void {
  workers.get(runId)?.postMessage(request);
}

function terminate(runId: string): void {
  workers.get(runId)?.terminate();
  workers.delete(runId);
}

function onEvent(event: WorkerEvent): void {
  useLab.getState().applyEvent(event);
  const run = useLab.getState().runs[event.runId];
  // A finished run whose method has a live knob keeps its worker (and model) until discarded.
  const keepForKnob = run !== undefined && getMethod(run.config.method.id).posthoc !== undefined;
  const ended =
    event.type === EVENT.error ||
    (event.type === EVENT.status && (event.status === 'stopped' || (event.status === 'done' && !keepForKnob)));
  if (ended) terminate(event.runId);
}

/** Starts a new run of `config` in a fresh worker and makes it the active run. */
export function startRun(config: RunConfig, speed: Speed): string {
  const runId = newRunId();
  useLab.getState().addRun(runId, config);
  const worker = new Worker(new URL('../workers/training.worker.ts', import.meta.url), { type: 'module', name: runId });
  workers.set(runId, worker);
  worker.onmessage = (e: MessageEvent<WorkerEvent>) => onEvent(e.data);
  // A worker that fails to load or crashes outright still ends its run with a message.
  worker.onerror = (e) => {
    e.preventDefault();
    onEvent({ type: EVENT.error, runId, kind: 'exception', message: `The training worker crashed: ${e.message || 'no detail'}.` });
  };
  worker.onmessageerror = () => {
    onEvent({ type: EVENT.error, runId, kind: 'exception', message: 'A message from the training worker could not be read.' });
  };
  send(runId, { type: REQUEST.start, runId, config, speed });
  return runId;
}

export const pauseRun = (runId: string) => send(runId, { type: REQUEST.pause, runId });
export const resumeRun = (runId: string) => send(runId, { type: REQUEST.resume, runId });
export const stepRun = (runId: string) => send(runId, { type: REQUEST.step, runId });
export function adjustRun(runId: string, value: number): void {
  useLab.getState().setPosthocValue(runId, value);
  send(runId, { type: REQUEST.adjust, runId, value });
}
export const setRunSpeed = (runId: string, speed: Speed) => send(runId, { type: REQUEST.setSpeed, runId, speed });

export function stopRun(runId: string): void {
  send(runId, { type: REQUEST.stop, runId });
}

/** Stops the run's worker at once and forgets the run. */
export function discardRun(runId: string): void {
  terminate(runId);
  useLab.getState().removeRun(runId);
}
