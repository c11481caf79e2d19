/**
 * Keeps the workspace and every run's results in IndexedDB as they change, and reads them
 * back at start-up. A run is written when its status changes and, while it trains, every few
 * seconds, so a reload finds finished runs whole and running ones as far as they got.
 * Failures are reported through `onProblem`, never dropped.
 */
import { isEnded } from '../../training/lifecycle';
import { parseLinkState, type LinkState } from '../share/schema';
import { fromLinkState, toLinkState } from '../share/codec';
import type { LabState, RunView } from '../store';
import type { Workspace } from '../workspace';
import { StorageError, type KeyValueStore } from './idb';
import { fromRecord, toRecord } from './records';

const WORKSPACE_KEY = 'workspace';
const RUN_PREFIX = 'run:';
/** How often a training run's progress is saved: cheap, and a reload loses at most this much. */
const PROGRESS_EVERY_MS = 3000;
/** Edits arrive per keystroke; the workspace is written once they pause. */
const WORKSPACE_DEBOUNCE_MS = 300;

interface StoredWorkspace {
  format: 1;
  link: LinkState;
  /** Local run ids in order, so stored results rejoin their runs. */
  ids: string[];
}

export interface StoredState {
  workspace: Workspace | null;
  runs: Record<string, RunView>;
  /** Records that could not be read back (old or damaged), in words. */
  problems: string[];
}

export const EMPTY_STORED: StoredState = { workspace: null, runs: {}, problems: [] };

/** Reads the stored workspace and results; anything invalid is skipped and listed in `problems`. */
export async function readStored(kv: KeyValueStore): Promise<StoredState> {
  const problems: string[] = [];
  let workspace: Workspace | null = null;
  const raw = await kv.get<StoredWorkspace>(WORKSPACE_KEY);
  if (raw !== undefined) {
    const parsed = parseLinkState(raw?.link);
    const ids = Array.isArray(raw?.ids) && raw.ids.every((id) => typeof id === 'string') ? raw.ids : null;
    if (parsed.ok && ids && ids.length === parsed.state.runs.length && new Set(ids).size === ids.length) {
      let i = 0;
      workspace = fromLinkState(parsed.state, () => ids[i++] ?? '');
    } else problems.push(`the saved workspace could not be read (${parsed.ok ? 'run ids' : parsed.errors[0]})`);
  }
  const runs: Record<string, RunView> = {};
  for (const [key, value] of await kv.entries<unknown>(RUN_PREFIX)) {
    const result = fromRecord(value);
    if (result.ok && key === RUN_PREFIX + result.run.id) runs[result.run.id] = result.run;
    else problems.push(`saved results ${key.slice(RUN_PREFIX.length)} could not be read (${result.ok ? 'wrong key' : result.error})`);
  }
  return { workspace, runs, problems };
}

type Subscribe = (listener: (state: LabState, prev: LabState) => void) => () => void;

/** Writes every change of the store to `kv` from now on. Returns a function that stops it. */
export function persistChanges(kv: KeyValueStore, subscribe: Subscribe, onProblem: (error: StorageError) => void): () => void {
  const saved = new Map<string, { status: string; at: number; latest: unknown; posthoc: unknown }>();
  let workspaceTimer: ReturnType<typeof setTimeout> | null = null;
  const report = (e: unknown) => onProblem(e instanceof StorageError ? e : new StorageError('failed', String(e)));

  const writeRun = (run: RunView) => {
    saved.set(run.id, { status: run.status, at: Date.now(), latest: run.latest, posthoc: run.posthocValue });
    kv.set(RUN_PREFIX + run.id, toRecord(run)).catch(report);
  };

  return subscribe((state, prev) => {
    if (state.workspace !== prev.workspace) {
      if (workspaceTimer) clearTimeout(workspaceTimer);
      workspaceTimer = setTimeout(() => {
        const ws = state.workspace;
        const record: StoredWorkspace = { format: 1, link: toLinkState(ws), ids: ws.runs.map((r) => r.id) };
        kv.set(WORKSPACE_KEY, record).catch(report);
      }, WORKSPACE_DEBOUNCE_MS);
    }
    if (state.runs === prev.runs) return;
    for (const run of Object.values(state.runs)) {
      if (run === prev.runs[run.id]) continue;
      const last = saved.get(run.id);
      const statusChanged = last?.status !== run.status;
      const ended = isEnded(run.status);
      // A finished run changes only when its live knob moves: write the new picture at once.
      const adjusted = ended && (last?.latest !== run.latest || last?.posthoc !== run.posthocValue);
      const due = run.latest !== last?.latest && Date.now() - (last?.at ?? 0) >= PROGRESS_EVERY_MS;
      if (statusChanged || adjusted || due) writeRun(run);
    }
    for (const id of Object.keys(prev.runs)) {
      if (state.runs[id]) continue;
      saved.delete(id);
      kv.delete(RUN_PREFIX + id).catch(report);
    }
  });
}

/** Removes stored results that belong to no run of the restored state (e.g. after a link replaced the workspace). */
export async function pruneStored(kv: KeyValueStore, keep: Record<string, RunView>): Promise<void> {
  for (const [key] of await kv.entries<unknown>(RUN_PREFIX)) {
    if (!keep[key.slice(RUN_PREFIX.length)]) await kv.delete(key);
  }
}

/** The banner text for a storage failure: what happened and how to keep the work anyway. */
export function storageMessage(error: StorageError): string {
  switch (error.problem) {
    case 'full':
      return `Your work is no longer being saved: ${error.message}. Export the workspace (“Workspace file”) to keep it, or remove runs you no longer need.`;
    case 'unavailable':
      return `Nothing will be kept after a reload: ${error.message}. Export the workspace (“Workspace file”) to keep your work.`;
    default:
      return `Saving your work failed: ${error.message}. Export the workspace (“Workspace file”) to keep it.`;
  }
}
