/**
 * The typed messages between the app and a training worker. One worker trains one attempt of
 * one run; every message names both (RunRef), so the app can drop messages of runs it no longer
 * knows and of attempts it replaced.
 */
import type { BackendName, RunConfig } from '../training/config';
import type { SplitName } from '../training/data/longtail';
import type { RunSnapshot } from '../training/snapshot';
import type { SweepPoint } from '../training/measures/sweep';
import type { RunStatus } from '../training/lifecycle';
import type { UnlabelledReport } from '../training/unlabelled/phase';

export { RUN_STATUS, type RunStatus } from '../training/lifecycle';

/** Which run a message is about, and which start of it (each Run or Start makes a new attempt). */
export interface RunRef {
  runId: string;
  attempt: string;
}

/** Requests the app sends. */
export const REQUEST = {
  start: 'start',
  pause: 'pause',
  resume: 'resume',
  step: 'step',
  stop: 'stop',
  setSpeed: 'setSpeed',
  adjust: 'adjust',
  fault: 'fault',
} as const;

/**
 * Faults the end-to-end tests inject into a running worker (the bridge sends them only under
 * browser automation, see bridge.ts). 'lose-device' destroys the WebGPU device under the run.
 */
export const FAULTS = ['lose-device'] as const;
export type Fault = (typeof FAULTS)[number];

/** Training speeds a teacher can pick: steps per second, or as fast as the backend goes. */
export const SPEEDS = { slow: 4, medium: 20, fast: 100, max: Infinity } as const;
export type Speed = keyof typeof SPEEDS;

export type WorkerRequest = RunRef & (
    /** `cpuThreads`: threads the run may use on CPU backends (wasm), so parallel runs share the cores. */
    | { type: typeof REQUEST.start; config: RunConfig; speed: Speed; cpuThreads: number }
    | { type: typeof REQUEST.pause }
    | { type: typeof REQUEST.resume }
    | { type: typeof REQUEST.step }
    | { type: typeof REQUEST.stop }
    | { type: typeof REQUEST.setSpeed; speed: Speed }
    /** Moves the method's live post-hoc knob (e.g. logit-adjustment τ): re-evaluates, no retraining. */
    | { type: typeof REQUEST.adjust; value: number }
    | { type: typeof REQUEST.fault; fault: Fault }
);

/** Events the worker sends. */
export const EVENT = {
  status: 'status',
  backend: 'backend',
  dataset: 'dataset',
  snapshot: 'snapshot',
  progress: 'progress',
  done: 'done',
  error: 'error',
  stage: 'stage',
} as const;

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
  /** What the run's extra phase found: per-class pseudo-label accuracy, or rotation pre-training's result. */
  unlabelled?: UnlabelledReport;
}

export type ErrorKind = 'invalid-config' | 'backend-unavailable' | 'data-unavailable' | 'diverged' | 'device-lost' | 'unresponsive' | 'exception';

export type WorkerEvent = RunRef & (
    | { type: typeof EVENT.status; status: RunStatus }
    /** `threads`: threads the wasm backend runs on (null on other backends). */
    | { type: typeof EVENT.backend; backend: BackendName; attempts: BackendAttempt[]; threads: number | null }
    | { type: typeof EVENT.dataset; dataset: DatasetSummary }
    /** `adjusted`: a re-evaluation after the live knob moved, not a new point in training. */
    | { type: typeof EVENT.snapshot; snapshot: RunSnapshot; adjusted?: boolean }
    /** Download progress of a data file, in bytes. */
    | { type: typeof EVENT.progress; file: string; loaded: number; total: number }
    /** Training finished; the last snapshot event was the final state. */
    /** `sweep`: the final model on every test distribution of SADE's protocol (training/measures/sweep.ts). */
    | { type: typeof EVENT.done; headNorms: Float32Array; sweep?: SweepPoint[] }
    | { type: typeof EVENT.error; kind: ErrorKind; message: string }
    /** What a starting run is doing now, e.g. "timing webgl (2 of 3)", while it has no snapshot to show. */
    | { type: typeof EVENT.stage; text: string }
);

/** The worker's sign of life, read by the bridge's watchdog only (it never reaches the store). */
export const HEARTBEAT = 'heartbeat' as const;
export type Heartbeat = RunRef & {
  type: typeof HEARTBEAT;
  /**
   * The longest time, in ms, the worker's event loop was seen busy between two beats so far:
   * its slowest legitimate step (or evaluation, or kernel compilation), measured.
   */
  longestStallMs: number;
};

/** Everything a training worker posts. */
export type WorkerMessage = WorkerEvent | Heartbeat;
