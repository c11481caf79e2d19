import type { BackendName } from '../training/config';

export interface BenchRequest {
  scenarioId: string;
  backend: BackendName;
  /** Also train the whole scenario to the end. */
  finish: boolean;
  /** Replace the scenario's method and seed (the reference comparison). */
  method?: string;
  seed?: number;
  /** Skip the per-step timing (only finish). */
  skipTiming?: boolean;
  /** Also time each kernel of one step (tf.profile). */
  profile?: boolean;
  /**
   * Also time steps as the app's loop runs them, `pipelined` at a time with one read-back after
   * them (a GPU then never waits for the page), and the latency of one tiny read-back.
   */
  pipelined?: number;
  /** tfjs flags set once the backend is up, e.g. { WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: 15 }. */
  tfFlags?: Record<string, number | boolean>;
  /** How conv layers compute their filter gradient (src/training/models/conv.ts). */
  filterGrad?: 'conv' | 'patches';
  /** wasm only: 0 = one thread per core (tfjs' default), 1 = no threads, n = n threads. */
  wasmThreads?: number;
}

export interface BenchResult {
  scenarioId: string;
  backend: BackendName;
  /** The backend as the table names it, e.g. "wasm ×2 threads". */
  label: string;
  /** Threads the wasm backend used; null on other backends. */
  threads: number | null;
  ok: boolean;
  error?: string;
  /** Time to load data and build the trainer. */
  setupMs: number;
  /** Per timed step: one optimisation step and the read-back of its loss. */
  stepMs: number[];
  batchSize: number;
  /** Live tensors after the first step, after the timed steps, and after dispose. */
  tensorsStart: number;
  tensorsEnd: number;
  tensorsAfterDispose: number;
  /** Bytes held by tensors after the timed steps. */
  bytesEnd: number;
  method: string;
  seed: number;
  /** Per repeat: ms per step over `pipelined` steps with one read-back at the end. */
  pipelinedStepMs?: number[];
  /** Per repeat: ms for one read-back of a one-number result. */
  readbackMs?: number[];
  /** Milliseconds per kernel over one profiled step, slowest first. */
  kernels?: { name: string; ms: number; calls: number }[];
  finish?: {
    wallMs: number;
    trainMs: number;
    evalMs: number;
    steps: number;
    accuracy: number;
    balancedAccuracy: number;
    many: number;
    medium: number;
    few: number;
    ece: number;
    /** Live tensors after the first steps, the most at any later snapshot, at the end, after dispose. */
    tensorsAfterFirstSteps: number;
    tensorsMax: number;
    tensorsAtEnd: number;
    tensorsAfterDispose: number;
  };
}

/** "A=1,B=false" (the bench's command line and query string) as tfjs flags. */
export function parseTfFlags(text: string): Record<string, number | boolean> {
  const flags: Record<string, number | boolean> = {};
  for (const item of text.split(',').filter(Boolean)) {
    const [name = '', value = ''] = item.split('=');
    flags[name] = value === 'true' ? true : value === 'false' ? false : Number(value);
  }
  return flags;
}
