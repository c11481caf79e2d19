import type { StateCreator } from 'zustand';
import { historyPoint } from '../../training/history';
import { canMove, isFinishedNormally } from '../../training/lifecycle';
import { EVENT, type WorkerEvent } from '../../workers/protocol';
import type { LabState, RunsSlice, RunView } from './types';

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
    case EVENT.stage:
      return { ...run, stage: event.text };
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
