/**
 * Derived values, computed from the store and never stored (docs/design.md, convention 6). Each
 * selector returns one value; lists built here are used with useShallow or useMemo.
 */
import { isBusy, isTraining } from '../../training/lifecycle';
import type { LabState, RunView } from './types';

export { isBusy, isEnded, isLive } from '../../training/lifecycle';

export const selectSelectedEntry = (s: LabState) => s.workspace.runs[s.workspace.selected] ?? s.workspace.runs[0];

/** The results of the selected run, or undefined before it ever ran. */
export const selectSelectedRun = (s: LabState): RunView | undefined => {
  const entry = selectSelectedEntry(s);
  return entry ? s.runs[entry.id] : undefined;
};

const some = (s: LabState, test: (run: RunView) => boolean) => Object.values(s.runs).some(test);

export const selectAnyBusy = (s: LabState) => some(s, (r) => isBusy(r.status));
/** Some run is computing (not paused), so Pause has something to pause. */
export const selectAnyTraining = (s: LabState) => some(s, (r) => isTraining(r.status));
export const selectAnyPaused = (s: LabState) => some(s, (r) => r.status === 'paused');
export const selectAnyResults = (s: LabState) => Object.keys(s.runs).length > 0;
