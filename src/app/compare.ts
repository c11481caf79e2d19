/**
 * The comparison as data: each run of the workspace with its results, label and colour, and
 * the leaderboard's rows and their order. Pure, so the table, the charts and the exports agree.
 */
import { seriesColor } from '../charts/palette';
import { fitFrequencyLaw } from '../training/measures/frequencyLaw';
import type { RelativeAccuracy } from '../training/measures/relativeAccuracy';
import { entryRelativeAccuracy } from './relative';
import type { RunPhase, RunView } from './store';
import { isStale, runLabel, type RunEntry, type Workspace } from './workspace';

export interface ComparedRun {
  index: number;
  entry: RunEntry;
  run: RunView | undefined;
  label: string;
  color: string;
  /** Its results were trained with other settings than the workspace now has: re-run to compare. */
  stale: boolean;
  /** RA and A_u, while the relative-accuracy switch is on (app/relative.ts). */
  relative?: RelativeAccuracy;
}

export function compareRuns(ws: Workspace, runs: Record<string, RunView>): ComparedRun[] {
  return ws.runs.map((entry, index) => {
    const run = runs[entry.id];
    const stale = isStale(run, ws.shared, entry.method);
    const relative = ws.relativeAccuracy ? entryRelativeAccuracy(ws, entry, runs) : undefined;
    // Results of an exported train.py say so wherever the run is named (legend, leaderboard, exports).
    const label = runLabel(index, entry.method) + (run?.source === 'pytorch' ? ' · PyTorch' : '');
    return { index, entry, run, label, color: seriesColor(index), stale, relative };
  });
}

export const LEADERBOARD_COLUMNS = ['index', 'label', 'overall', 'balanced', 'many', 'medium', 'few', 'ece', 'lawSlope', 'lawR2', 'ra', 'upper', 'trainSeconds', 'backend'] as const;
export type LeaderboardColumn = (typeof LEADERBOARD_COLUMNS)[number];

export interface LeaderboardRow {
  id: string;
  index: number;
  label: string;
  color: string;
  status: RunPhase;
  stale: boolean;
  /** Accuracies and ECE as fractions (0–1); NaN where there is no value (e.g. no Few class). */
  overall: number;
  balanced: number;
  many: number;
  medium: number;
  few: number;
  ece: number;
  /** The frequency–accuracy law: accuracy per 10× training examples, and the fit's R² (training/measures/frequencyLaw.ts). */
  lawSlope: number;
  lawR2: number;
  /** Relative accuracy A_t / A_u and the upper reference A_u (NaN when off or not yet known). */
  ra: number;
  upper: number;
  /** Time spent training, evaluation and pauses excluded. */
  trainSeconds: number;
  backend: string;
  step: number;
  totalSteps: number;
}

/** One row per run that has reported at least one evaluation. */
export function leaderboardRows(compared: readonly ComparedRun[]): LeaderboardRow[] {
  return compared.flatMap(({ entry, run, index, label, color, stale, relative }) => {
    const s = run?.latest;
    if (!run || !s) return [];
    const law = fitFrequencyLaw(run.dataset?.trainCounts ?? [], s.test.perClass);
    return [
      {
        id: entry.id,
        index,
        label,
        color,
        status: run.status,
        stale,
        overall: s.test.accuracy,
        balanced: s.test.balancedAccuracy,
        many: s.test.splits.many,
        medium: s.test.splits.medium,
        few: s.test.splits.few,
        ece: s.test.reliability.ece,
        lawSlope: law.slope,
        lawR2: law.r2,
        ra: relative?.ra ?? NaN,
        upper: relative?.upper ?? NaN,
        trainSeconds: s.trainMs / 1000,
        backend: run.source === 'pytorch' ? 'PyTorch' : (run.backend ?? ''),
        step: s.step,
        totalSteps: s.totalSteps,
      },
    ];
  });
}

export type SortDirection = 'asc' | 'desc';

/** The direction a column sorts in when first clicked: best first (high accuracy, low ECE and time). */
export function naturalDirection(column: LeaderboardColumn): SortDirection {
  // A flatter frequency law (smaller slope) is the long-tail goal.
  return column === 'ece' || column === 'lawSlope' || column === 'trainSeconds' || column === 'index' || column === 'label' || column === 'backend' ? 'asc' : 'desc';
}

/** Sorted copy; missing values (NaN) always last, ties in run order. */
export function sortRows(rows: readonly LeaderboardRow[], column: LeaderboardColumn, direction: SortDirection): LeaderboardRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[column];
    const y = b[column];
    let order: number;
    if (typeof x === 'number' && typeof y === 'number') {
      const xMissing = Number.isNaN(x);
      const yMissing = Number.isNaN(y);
      order = xMissing || yMissing ? Number(xMissing) - Number(yMissing) : sign * (x - y);
      if (xMissing || yMissing) return order || a.index - b.index;
    } else {
      order = sign * String(x).localeCompare(String(y));
    }
    return order || a.index - b.index;
  });
}
