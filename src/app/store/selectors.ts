/**
 * Derived values, computed from the store and never stored (DESIGN.md, convention 6). Each
 * selector returns one value; lists built here are used with useShallow or useMemo.
 */
import type { LabState } from './index';
import type { RunPhase, RunView } from './runsSlice';

/** A run with a worker that is training, about to, or paused. */
export function isLive(status: RunPhase | undefined): boolean {
  return status === 'starting' || status === 'warming-up' || status === 'running' || status === 'paused';
}

/** A run that is live or waiting for a core: the shared settings must not change under it. */
export function isBusy(status: RunPhase | undefined): boolean {
  return status === 'queued' || isLive(status);
}

export const selectSelectedEntry = (s: LabState) => s.workspace.runs[s.workspace.selected] ?? s.workspace.runs[0];

/** The results of the selected run, or undefined before it ever ran. */
export const selectSelectedRun = (s: LabState): RunView | undefined => {
  const entry = selectSelectedEntry(s);
  return entry ? s.runs[entry.id] : undefined;
};

const some = (s: LabState, test: (run: RunView) => boolean) => Object.values(s.runs).some(test);

export const selectAnyBusy = (s: LabState) => some(s, (r) => isBusy(r.status));
/** Some run is computing (not paused), so Pause has something to pause. */
export const selectAnyTraining = (s: LabState) => some(s, (r) => r.status === 'running' || r.status === 'warming-up');
export const selectAnyPaused = (s: LabState) => some(s, (r) => r.status === 'paused');
export const selectAnyResults = (s: LabState) => Object.keys(s.runs).length > 0;
