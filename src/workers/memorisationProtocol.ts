/**
 * The typed messages between the app and a memorisation worker (memorisation.worker.ts). One
 * worker loads the run's data once, then trains the subset models it is handed one at a time
 * (training/measures/subsetModel.ts); the app hands out the jobs, so several workers share them.
 */
import type { BackendName, RunConfig } from '../training/config';
import type { SplitName } from '../training/data/longtail';

/** A model to train: subset model k (its subset follows from the seed), or the run without some examples. */
export type MemoJob = { id: string; kind: 'subset'; k: number } | { id: string; kind: 'removal'; removed: Int32Array };

export const MEMO_REQUEST = { init: 'init', job: 'job', pause: 'pause', resume: 'resume' } as const;

export type MemoRequest =
  | { type: typeof MEMO_REQUEST.init; config: RunConfig; fraction: number; cpuThreads: number }
  | { type: typeof MEMO_REQUEST.job; job: MemoJob }
  | { type: typeof MEMO_REQUEST.pause }
  | { type: typeof MEMO_REQUEST.resume };

/** What the views need of the data: labels, classes, and the inputs the gallery draws. */
export interface ExplorerData {
  classes: number;
  classNames: string[];
  trainCounts: number[];
  splits: SplitName[];
  trainY: Int32Array;
  testY: Int32Array;
  /** 2-D data (or the plane of the first two principal components): every point, x and y interleaved. */
  points?: { train: Float32Array; test: Float32Array; extent: { min: number; max: number } };
  /** Image data of moderate size: every image as 8-bit grey. */
  images?: { shape: [number, number]; train: Uint8Array; test: Uint8Array };
}

export const MEMO_EVENT = { ready: 'ready', result: 'result', error: 'error' } as const;

export type MemoEvent =
  | { type: typeof MEMO_EVENT.ready; backend: BackendName; data: ExplorerData }
  /** `inSubset`: subset jobs only. Bitsets, example i at bit i % 8 of byte ⌊i / 8⌋. */
  | { type: typeof MEMO_EVENT.result; jobId: string; inSubset?: Uint8Array; trainCorrect: Uint8Array; testCorrect: Uint8Array; ms: number }
  | { type: typeof MEMO_EVENT.error; message: string };
