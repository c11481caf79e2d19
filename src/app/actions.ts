/**
 * What the buttons do to the whole workspace: start, pause, step, stop or reset every run,
 * re-run or remove one, load another workspace. Built on the bridge's per-run operations.
 */
import { discardAllRuns, discardRun, hasWorker, pauseRun, queueRun, resumeRun, setRunSpeed, stepRun, stopRun } from './bridge';
import { isBusy, isLive, useLab, type RunView } from './store';
import { MAX_RUNS, newRunId, runConfigOf, type Workspace } from './workspace';
import type { Speed } from '../workers/protocol';

function liveRuns(): RunView[] {
  return Object.values(useLab.getState().runs).filter((r) => isLive(r.status) && hasWorker(r.id));
}

/** Trains one run of the workspace afresh with the current settings. */
export function runOne(runId: string, options: { step?: boolean } = {}): void {
  const { workspace } = useLab.getState();
  const entry = workspace.runs.find((r) => r.id === runId);
  if (entry) queueRun(entry.id, runConfigOf(workspace.shared, entry.method), options);
}

/** Trains every run afresh: they share the dataset and seed, so their data is identical. */
export function startAll(options: { step?: boolean } = {}): void {
  discardAllRuns();
  for (const entry of useLab.getState().workspace.runs) runOne(entry.id, options);
}

export function pauseAll(): void {
  for (const run of liveRuns()) if (run.status !== 'paused') pauseRun(run.id);
}

export function resumeAll(): void {
  for (const run of liveRuns()) if (run.status === 'paused') resumeRun(run.id);
}

/** One mini-batch for every run that has a worker; with none, start every run one step in. */
export function stepAll(): void {
  const live = liveRuns();
  if (live.length) for (const run of live) stepRun(run.id);
  else startAll({ step: true });
}

export function stopAll(): void {
  // Waiting runs first and without rescheduling, so no core freed here starts one of them.
  const runs = Object.values(useLab.getState().runs).filter((r) => isBusy(r.status));
  for (const run of runs) if (!hasWorker(run.id)) stopRun(run.id, false);
  for (const run of runs) if (hasWorker(run.id)) stopRun(run.id, false);
}

export function resetAll(): void {
  discardAllRuns();
}

export function setSpeedAll(speed: Speed): void {
  useLab.getState().setSpeed(speed);
  for (const run of liveRuns()) setRunSpeed(run.id, speed);
}

/** Removes a run and its results from the workspace. */
export function removeRunEverywhere(runId: string): void {
  if (useLab.getState().workspace.runs.length <= 1) return;
  discardRun(runId);
  useLab.getState().removeRunEntry(runId);
}

/** Replaces the workspace (a link, a lesson, a file): stops everything, drops old results. */
export function loadWorkspace(workspace: Workspace, results: Record<string, RunView> = {}): void {
  discardAllRuns();
  useLab.getState().replaceWorkspace(workspace);
  useLab.getState().restoreRuns(results);
}

/**
 * Adds imported results (an exported train.py's results.json) as a run of the workspace, with
 * the method and parameters it trained with. Returns its id, or null when the workspace is full.
 */
export function addImportedRun(run: RunView): string | null {
  const { workspace, replaceWorkspace, restoreRuns } = useLab.getState();
  if (workspace.runs.length >= MAX_RUNS) return null;
  const id = newRunId();
  const runs = [...workspace.runs, { id, method: structuredClone(run.config.method) }];
  replaceWorkspace({ ...workspace, runs, view: 'compare' });
  restoreRuns({ [id]: { ...run, id, attempt: `${id}~imported` } });
  return id;
}

export const anyBusy = () => Object.values(useLab.getState().runs).some((r) => isBusy(r.status));
