import type { StateCreator } from 'zustand';
import type { HistoryPoint } from '../../charts/types';
import type { BackendName, RunConfig } from '../../training/config';
import type { RunSnapshot } from '../../training/snapshot';
import { canMove, isFinishedNormally, type RunPhase } from '../../training/lifecycle';
import { EVENT, type BackendAttempt, type DatasetSummary, type ErrorKind, type WorkerEvent } from '../../workers/protocol';
import type { LabState } from './index';

export type { RunPhase };

/** Everything the app knows about one run's results, keyed by its workspace entry's id. */
export interface RunView {
  /** The workspace entry this run belongs to. */
  id: string;
  /** The worker attempt whose events this view takes; events of older attempts are dropped. */
  attempt: string;
  /** The configuration it trained with (the workspace may have changed since). */
  config: RunConfig;
  status: RunPhase;
  backend?: BackendName;
  backendAttempts: BackendAttempt[];
  /** Threads of the wasm backend (null on other backends). */
  threads?: number | null;
  dataset?: DatasetSummary;
  /** Download of the run's data file while it loads (image datasets). */
  dataProgress?: { file: string; loaded: number; total: number };
  latest?: RunSnapshot;
  history: HistoryPoint[];
  headNorms?: Float32Array;
  /** Current value of the method's live post-hoc knob, once the user moved it. */
  posthocValue?: number;
  error?: { kind: ErrorKind; message: string };
  /** Wall-clock times (ms since epoch). */
  createdAt: number;
  finishedAt?: number;
  /** Restored from storage or a file: no worker or model stands behind it. */
  restored?: boolean;
}

export interface RunsSlice {
  runs: Record<string, RunView>;
  /** Replaces a run's results with a fresh attempt waiting for a worker. */
  queueRun: (id: string, attempt: string, config: RunConfig) => void;
  /** Ends a run that has no worker (queued, or already gone) with a status of the app's own. */
  endRunLocally: (id: string, status: 'stopped' | 'interrupted') => void;
  removeRun: (id: string) => void;
  clearRuns: () => void;
  /** Results restored from storage or an imported file. */
  restoreRuns: (runs: Record<string, RunView>) => void;
  setPosthocValue: (id: string, value: number) => void;
  /** Folds one worker event into its run; events of unknown runs or old attempts are dropped. */
  applyEvent: (event: WorkerEvent) => void;
  /** Several events in one store update (one re-render), in order. */
  applyEvents: (events: readonly WorkerEvent[]) => void;
}

/**
 * One point of the curves. A snapshot that repeats the previous evaluation (testFresh false)
 * adds only its training loss: repeated test values would draw flat steps into the curves,
 * while NaN leaves a gap that the curves bridge to the next real evaluation.
 */
export function historyPoint(s: RunSnapshot): HistoryPoint {
  const fresh = s.testFresh !== false;
  return {
    step: s.step,
    epoch: s.epoch,
    trainLoss: s.trainLoss,
    testLoss: fresh ? s.test.loss : NaN,
    accuracy: fresh ? s.test.accuracy : NaN,
    balancedAccuracy: fresh ? s.test.balancedAccuracy : NaN,
    splits: fresh ? s.test.splits : { many: NaN, medium: NaN, few: NaN },
    ece: fresh ? s.test.reliability.ece : NaN,
  };
}

function reduce(run: RunView, event: WorkerEvent): RunView {
  switch (event.type) {
    case EVENT.status:
      // A run that ended stays ended: a late status message must not revive it.
      if (!canMove(run.status, event.status)) return run;
      return { ...run, status: event.status, finishedAt: isFinishedNormally(event.status) ? Date.now() : run.finishedAt };
    case EVENT.backend:
      return { ...run, backend: event.backend, backendAttempts: event.attempts, threads: event.threads };
    case EVENT.dataset:
      return { ...run, dataset: event.dataset, dataProgress: undefined };
    case EVENT.progress:
      return { ...run, dataProgress: { file: event.file, loaded: event.loaded, total: event.total } };
    case EVENT.snapshot:
      // A re-evaluation after the live knob moved replaces the picture, not the history.
      return event.adjusted
        ? { ...run, latest: event.snapshot }
        : { ...run, latest: event.snapshot, history: [...run.history, historyPoint(event.snapshot)] };
    case EVENT.done:
      return { ...run, headNorms: event.headNorms };
    case EVENT.error:
      return { ...run, status: 'error', error: { kind: event.kind, message: event.message }, finishedAt: Date.now() };
  }
}

/** The run an event is about, unless the event comes from an attempt the run has replaced. */
function runOf(runs: Record<string, RunView>, event: WorkerEvent): RunView | undefined {
  const run = runs[event.runId];
  return run?.attempt === event.attempt ? run : undefined;
}

export const createRunsSlice: StateCreator<LabState, [], [], RunsSlice> = (set) => ({
  runs: {},
  queueRun: (id, attempt, config) =>
    set((state) => ({
      runs: { ...state.runs, [id]: { id, attempt, config, status: 'queued', backendAttempts: [], history: [], createdAt: Date.now() } },
    })),
  endRunLocally: (id, status) =>
    set((state) => {
      const run = state.runs[id];
      if (!run || !canMove(run.status, status)) return state;
      return { runs: { ...state.runs, [id]: { ...run, status, finishedAt: Date.now() } } };
    }),
  removeRun: (id) =>
    set((state) => {
      if (!state.runs[id]) return state;
      const runs = { ...state.runs };
      delete runs[id];
      return { runs };
    }),
  clearRuns: () => set({ runs: {} }),
  restoreRuns: (runs) => set((state) => ({ runs: { ...state.runs, ...runs } })),
  setPosthocValue: (id, value) =>
    set((state) => {
      const run = state.runs[id];
      return run ? { runs: { ...state.runs, [id]: { ...run, posthocValue: value } } } : state;
    }),
  applyEvent: (event) =>
    set((state) => {
      const run = runOf(state.runs, event);
      if (!run) return state;
      return { runs: { ...state.runs, [run.id]: reduce(run, event) } };
    }),
  applyEvents: (events) =>
    set((state) => {
      let runs = state.runs;
      for (const event of events) {
        const run = runOf(runs, event);
        if (run) runs = { ...runs, [run.id]: reduce(run, event) };
      }
      return runs === state.runs ? state : { runs };
    }),
});
