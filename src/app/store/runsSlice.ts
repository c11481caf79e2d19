import type { StateCreator } from 'zustand';
import type { HistoryPoint } from '../../charts/types';
import type { BackendName, RunConfig } from '../../training/config';
import type { RunSnapshot } from '../../training/snapshot';
import { EVENT, type BackendAttempt, type DatasetSummary, type ErrorKind, type RunStatus, type WorkerEvent } from '../../workers/protocol';
import type { LabState } from './index';

/** Everything the app knows about one run, built only from the worker's events. */
export interface RunView {
  id: string;
  config: RunConfig;
  status: RunStatus;
  backend?: BackendName;
  backendAttempts: BackendAttempt[];
  dataset?: DatasetSummary;
  latest?: RunSnapshot;
  history: HistoryPoint[];
  headNorms?: Float32Array;
  /** Current value of the method's live post-hoc knob, once the user moved it. */
  posthocValue?: number;
  error?: { kind: ErrorKind; message: string };
  /** Wall-clock times (ms since epoch). */
  createdAt: number;
  finishedAt?: number;
}

export interface RunsSlice {
  runs: Record<string, RunView>;
  activeRunId: string | null;
  addRun: (id: string, config: RunConfig) => void;
  removeRun: (id: string) => void;
  setPosthocValue: (id: string, value: number) => void;
  /** Folds one worker event into its run; events of unknown runs are dropped. */
  applyEvent: (event: WorkerEvent) => void;
}

function historyPoint(s: RunSnapshot): HistoryPoint {
  return {
    step: s.step,
    epoch: s.epoch,
    trainLoss: s.trainLoss,
    testLoss: s.test.loss,
    accuracy: s.test.accuracy,
    balancedAccuracy: s.test.balancedAccuracy,
    splits: s.test.splits,
    ece: s.test.reliability.ece,
  };
}

function reduce(run: RunView, event: WorkerEvent): RunView {
  switch (event.type) {
    case EVENT.status:
      // A run that ended stays ended: a late status message must not revive it.
      if (run.status === 'error' || run.status === 'done' || run.status === 'stopped') return run;
      return { ...run, status: event.status, finishedAt: event.status === 'done' || event.status === 'stopped' ? Date.now() : run.finishedAt };
    case EVENT.backend:
      return { ...run, backend: event.backend, backendAttempts: event.attempts };
    case EVENT.dataset:
      return { ...run, dataset: event.dataset };
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

export const createRunsSlice: StateCreator<LabState, [], [], RunsSlice> = (set) => ({
  runs: {},
  activeRunId: null,
  addRun: (id, config) =>
    set((state) => ({
      runs: { ...state.runs, [id]: { id, config, status: 'starting', backendAttempts: [], history: [], createdAt: Date.now() } },
      activeRunId: id,
    })),
  removeRun: (id) =>
    set((state) => {
      const runs = { ...state.runs };
      delete runs[id];
      return { runs, activeRunId: state.activeRunId === id ? null : state.activeRunId };
    }),
  setPosthocValue: (id, value) =>
    set((state) => {
      const run = state.runs[id];
      return run ? { runs: { ...state.runs, [id]: { ...run, posthocValue: value } } } : state;
    }),
  applyEvent: (event) =>
    set((state) => {
      const run = state.runs[event.runId];
      if (!run) return state;
      return { runs: { ...state.runs, [event.runId]: reduce(run, event) } };
    }),
});
