import { create } from 'zustand';
import { createConfigSlice, type ConfigSlice } from './configSlice';
import { createRunsSlice, type RunsSlice } from './runsSlice';
import { createUiSlice, type UiSlice } from './uiSlice';

export type LabState = ConfigSlice & RunsSlice & UiSlice;

/** The one store of the app, built from slices (DESIGN.md, convention 6). */
export const useLab = create<LabState>()((...a) => ({
  ...createConfigSlice(...a),
  ...createRunsSlice(...a),
  ...createUiSlice(...a),
}));

/** The run on screen, or undefined. */
export const selectActiveRun = (s: LabState) => (s.activeRunId ? s.runs[s.activeRunId] : undefined);

export type { RunView } from './runsSlice';
