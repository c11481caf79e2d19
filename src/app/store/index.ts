import { create } from 'zustand';
import { createRunsSlice } from './runsSlice';
import { createUiSlice } from './uiSlice';
import { createWorkspaceSlice } from './workspaceSlice';
import type { LabState } from './types';

/** The one store of the app, built from slices (docs/design.md, convention 6). */
export const useLab = create<LabState>()((...a) => ({
  ...createWorkspaceSlice(...a),
  ...createRunsSlice(...a),
  ...createUiSlice(...a),
}));

export * from './selectors';
export type { LabState, Notice, RunPhase, RunView } from './types';
