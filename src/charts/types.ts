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

export type { HistoryPoint } from '../training/history';
export type { SplitName, SplitAccuracy };
