/**
 * The shape of the store: each slice's state and actions, and the whole (LabState). Kept apart
 * from the slices and the store itself so that neither imports the other.
 */
import type { BackendName, RunConfig } from '../../training/config';
import type { HistoryPoint } from '../../training/history';
import type { RunPhase } from '../../training/lifecycle';
import type { RunSnapshot } from '../../training/snapshot';
import type { SweepPoint } from '../../training/measures/sweep';
import type { BackendAttempt, DatasetSummary, ErrorKind, Speed, WorkerEvent } from '../../workers/protocol';
import type { MethodChoice, SharedConfig, ViewId, Workspace } from '../workspace';

export type { RunPhase };

export interface WorkspaceSlice {
  /** The settings and runs a person set up. Always valid: edits that fail the schema are refused. */
  workspace: Workspace;
  /** Applies an edit to the shared settings; returns the schema's errors instead when invalid. */
  updateShared: (edit: (draft: SharedConfig) => SharedConfig) => string[];
  resetShared: () => void;
  /** Adds a run with a method's defaults after the others and selects it; null when full. */
  addRunEntry: (methodId: string) => string | null;
  /** Adds a copy of a run (method and parameters, no results) right after it; null when full. */
  duplicateRunEntry: (id: string) => string | null;
  /** Removes a run from the workspace; the last run stays. */
  removeRunEntry: (id: string) => void;
  /** Sets a run's method or parameters; returns the schema's errors instead when invalid. */
  updateRunMethod: (id: string, method: MethodChoice) => string[];
  selectRunEntry: (id: string) => void;
  setView: (view: ViewId) => void;
  setLesson: (lesson: string | null) => void;
  /** Turns presentation mode on or off. */
  setPresent: (present: boolean) => void;
  /** Turns relative accuracy on or off (its reference runs follow: app/references.ts). */
  setRelativeAccuracy: (on: boolean) => void;
  replaceWorkspace: (workspace: Workspace) => void;
}

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
  /** What the starting run is doing (e.g. timing the backends), until its first snapshot. */
  stage?: string;
  latest?: RunSnapshot;
  history: HistoryPoint[];
  headNorms?: Float32Array;
  /** The final model on every test distribution (SADE's test-agnostic protocol), sent when the run ends. */
  sweep?: SweepPoint[];
  /** Current value of the method's live post-hoc knob, once the user moved it. */
  posthocValue?: number;
  error?: { kind: ErrorKind; message: string };
  /** Wall-clock times (ms since epoch). */
  createdAt: number;
  finishedAt?: number;
  /** Restored from storage or a file: no worker or model stands behind it. */
  restored?: boolean;
  /** 'pytorch': imported results of the run's exported train.py, shown next to browser runs. */
  source?: 'pytorch';
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
 * A message in the banner above the app. `topic` groups notices that replace each other
 * (a second storage failure updates the first instead of stacking up).
 */
export interface Notice {
  topic: 'link' | 'storage' | 'import' | 'lesson' | 'share';
  tone: 'error' | 'warning' | 'info';
  message: string;
  /** Individual problems, e.g. every schema issue of a bad link. */
  details?: string[];
  /** A button in the notice, e.g. "Reopen your previous workspace". */
  action?: { label: string; run: () => void };
}

export interface UiSlice {
  speed: Speed;
  setSpeed: (speed: Speed) => void;
  notices: Notice[];
  notify: (notice: Notice) => void;
  dismissNotice: (topic: Notice['topic']) => void;
}

export type LabState = WorkspaceSlice & RunsSlice & UiSlice;
