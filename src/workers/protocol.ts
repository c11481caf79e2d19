/**
 * The typed messages between the app and a training worker. One worker trains one run; every
 * message carries the run's id so the app can drop messages from runs it no longer knows.
 */
import type { BackendName, RunConfig } from '../training/config';
import type { SplitName } from '../training/data/longtail';
import type { RunSnapshot } from '../training/snapshot';

/** Requests the app sends. */
export const REQUEST = {
  start: 'start',
  pause: 'pause',
  resume: 'resume',
  step: 'step',
  stop: 'stop',
  setSpeed: 'setSpeed',
  adjust: 'adjust',
} as const;

/** Training speeds a teacher can pick: steps per second, or as fast as the backend goes. */
export const SPEEDS = { slow: 4, medium: 20, fast: 100, max: Infinity } as const;
export type Speed = keyof typeof SPEEDS;

export type WorkerRequest =
  /** `cpuThreads`: threads the run may use on CPU backends (wasm), so parallel runs share the cores. */
  | { type: typeof REQUEST.start; runId: string; config: RunConfig; speed: Speed; cpuThreads: number }
  | { type: typeof REQUEST.pause; runId: string }
  | { type: typeof REQUEST.resume; runId: string }
  | { type: typeof REQUEST.step; runId: string }
  | { type: typeof REQUEST.stop; runId: string }
  | { type: typeof REQUEST.setSpeed; runId: string; speed: Speed }
  /** Moves the method's live post-hoc knob (e.g. logit-adjustment τ): re-evaluates, no retraining. */
  | { type: typeof REQUEST.adjust; runId: string; value: number };

/** Events the worker sends. */
export const EVENT = {
  status: 'status',
  backend: 'backend',
  dataset: 'dataset',
  snapshot: 'snapshot',
  progress: 'progress',
  done: 'done',
  error: 'error',
} as const;

export const RUN_STATUS = ['starting', 'warming-up', 'running', 'paused', 'done', 'stopped', 'error'] as const;
export type RunStatus = (typeof RUN_STATUS)[number];

/** Why a backend was or was not used. */
export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  note: string;
  /** Median ms per training step measured by the auto calibration, when it measured this backend. */
  msPerStep?: number;
}

/** What the app needs to draw the data: counts, splits and a sample of training points. */
export interface DatasetSummary {
  name: string;
  classes: number;
  classNames: string[];
  trainCounts: number[];
  testCounts: number[];
  splits: SplitName[];
  splitRule: string;
  stepsPerEpoch: number;
  totalSteps: number;
  /** Step at which a two-stage method starts its second stage, or null. */
  secondStageStartStep: number | null;
  /** 2-D data: a class-stratified sample of training points for the decision-boundary view. */
  points?: { x: Float32Array; y: Int32Array };
  extent?: { min: number; max: number };
  /** Image data: up to 16 training images per class (8-bit grey) for the image grid. */
  images?: { shape: [number, number]; pixels: Uint8Array; labels: Int32Array };
}

export type ErrorKind = 'invalid-config' | 'backend-unavailable' | 'data-unavailable' | 'diverged' | 'device-lost' | 'exception';

export type WorkerEvent =
  | { type: typeof EVENT.status; runId: string; status: RunStatus }
  /** `threads`: threads the wasm backend runs on (null on other backends). */
  | { type: typeof EVENT.backend; runId: string; backend: BackendName; attempts: BackendAttempt[]; threads: number | null }
  | { type: typeof EVENT.dataset; runId: string; dataset: DatasetSummary }
  /** `adjusted`: a re-evaluation after the live knob moved, not a new point in training. */
  | { type: typeof EVENT.snapshot; runId: string; snapshot: RunSnapshot; adjusted?: boolean }
  /** Download progress of a data file, in bytes. */
  | { type: typeof EVENT.progress; runId: string; file: string; loaded: number; total: number }
  /** Training finished; the last snapshot event was the final state. */
  | { type: typeof EVENT.done; runId: string; headNorms: Float32Array }
  | { type: typeof EVENT.error; runId: string; kind: ErrorKind; message: string };
