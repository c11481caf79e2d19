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
}

export interface BenchResult {
  scenarioId: string;
  backend: BackendName;
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
  };
}
