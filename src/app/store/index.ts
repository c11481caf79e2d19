import { create } from 'zustand';
import { createRunsSlice, type RunsSlice } from './runsSlice';
import { createUiSlice, type UiSlice } from './uiSlice';
import { createWorkspaceSlice, type WorkspaceSlice } from './workspaceSlice';

export type LabState = WorkspaceSlice & RunsSlice & UiSlice;

/** The one store of the app, built from slices (DESIGN.md, convention 6). */
export const useLab = create<LabState>()((...a) => ({
  ...createWorkspaceSlice(...a),
  ...createRunsSlice(...a),
  ...createUiSlice(...a),
}));

export * from './selectors';
export type { RunPhase, RunView } from './runsSlice';
export type { Notice } from './uiSlice';
