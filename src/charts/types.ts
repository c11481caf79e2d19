import type { SplitName } from '../training/data/longtail';
import type { SplitAccuracy } from '../training/metrics/accuracy';

/** One line in an overlay chart: a run, an expert, or a method. */
export interface Series<T> {
  id: string;
  label: string;
  color: string;
  /** Drawn thicker (e.g. the ensemble among its experts). */
  emphasis?: boolean;
  values: T;
}

/** One point of the training curves. */
export interface HistoryPoint {
  step: number;
  epoch: number;
  trainLoss: number;
  testLoss: number;
  accuracy: number;
  balancedAccuracy: number;
  splits: SplitAccuracy;
  ece: number;
}

export type { SplitName, SplitAccuracy };
