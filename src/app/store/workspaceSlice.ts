import type { StateCreator } from 'zustand';
import { defaultRunConfig, parseRunConfig } from '../../training/config';
import {
  defaultWorkspace,
  MAX_RUNS,
  methodChoice,
  newRunId,
  runConfigOf,
  sharedOf,
  validateShared,
  type Workspace,
} from '../workspace';
import type { LabState, WorkspaceSlice } from './types';

function indexOf(ws: Workspace, id: string): number {
  return ws.runs.findIndex((r) => r.id === id);
}

export const createWorkspaceSlice: StateCreator<LabState, [], [], WorkspaceSlice> = (set, get) => ({
  workspace: defaultWorkspace(),
  updateShared: (edit) => {
    const ws = get().workspace;
    const result = validateShared(edit(structuredClone(ws.shared)), ws.runs);
    if (!result.ok) return result.errors;
    set({ workspace: { ...ws, shared: result.shared } });
    return [];
  },
  resetShared: () => set((s) => ({ workspace: { ...s.workspace, shared: sharedOf(defaultRunConfig()) } })),
  addRunEntry: (methodId) => {
    const ws = get().workspace;
    if (ws.runs.length >= MAX_RUNS) return null;
    const id = newRunId();
    const runs = [...ws.runs, { id, method: methodChoice(methodId) }];
    // A second run makes a comparison: show it, unless the person already chose another view.
    const view = ws.runs.length === 1 && ws.view === 'run' ? 'compare' : ws.view;
    set({ workspace: { ...ws, runs, selected: runs.length - 1, view } });
    return id;
  },
  duplicateRunEntry: (id) => {
    const ws = get().workspace;
    const i = indexOf(ws, id);
    const source = ws.runs[i];
    if (!source || ws.runs.length >= MAX_RUNS) return null;
    const copy = { id: newRunId(), method: structuredClone(source.method) };
    const runs = [...ws.runs.slice(0, i + 1), copy, ...ws.runs.slice(i + 1)];
    set({ workspace: { ...ws, runs, selected: i + 1 } });
    return copy.id;
  },
  removeRunEntry: (id) => {
    const ws = get().workspace;
    const i = indexOf(ws, id);
    if (i < 0 || ws.runs.length <= 1) return;
    const runs = ws.runs.filter((r) => r.id !== id);
    const selected = ws.selected > i || ws.selected >= runs.length ? Math.max(0, ws.selected - 1) : ws.selected;
    set({ workspace: { ...ws, runs, selected } });
  },
  updateRunMethod: (id, method) => {
    const ws = get().workspace;
    const i = indexOf(ws, id);
    if (i < 0) return ['This run no longer exists.'];
    const parsed = parseRunConfig(runConfigOf(ws.shared, method));
    if (!parsed.ok) return parsed.errors;
    const runs = ws.runs.map((r) => (r.id === id ? { id, method: methodChoice(parsed.config.method.id, parsed.config.method.params) } : r));
    set({ workspace: { ...ws, runs } });
    return [];
  },
  selectRunEntry: (id) => {
    const ws = get().workspace;
    const i = indexOf(ws, id);
    if (i >= 0 && i !== ws.selected) set({ workspace: { ...ws, selected: i } });
  },
  setView: (view) => set((s) => (s.workspace.view === view ? s : { workspace: { ...s.workspace, view } })),
  setLesson: (lesson) => set((s) => ({ workspace: { ...s.workspace, lesson } })),
  setPresent: (present) => set((s) => (Boolean(s.workspace.present) === present ? s : { workspace: { ...s.workspace, present } })),
  setRelativeAccuracy: (on) => set((s) => ({ workspace: { ...s.workspace, relativeAccuracy: on } })),
  replaceWorkspace: (workspace) => set({ workspace }),
});
