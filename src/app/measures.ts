/**
 * What the measures of issue #18 read from a run's results, in one place so the charts, the
 * leaderboard and the exports agree.
 */
import { sweepFromPerClass, type SweepPoint } from '../training/measures/sweep';
import { isEnded } from '../training/lifecycle';
import type { RunView } from './store';

/**
 * A finished run's accuracy on every test distribution: the one its worker computed at the end
 * (SADE re-aggregated per distribution), else — a run saved before the sweep existed — the exact
 * weighted mean of its final per-class accuracies (SADE then keeps the weights it learned).
 */
export function runSweep(run: RunView | undefined): SweepPoint[] | null {
  if (!run?.latest || !isEnded(run.status)) return null;
  return run.sweep ?? sweepFromPerClass(run.latest.test.perClass, run.config.dataset.testPerClass);
}
