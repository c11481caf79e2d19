/**
 * SADE's test-agnostic protocol (Zhang et al. 2022): one trained model evaluated on every test
 * distribution — forward-LT ρ_test 50 … 2, uniform, backward-LT 2 … 50 — each drawn from the
 * same balanced pool (data/longtail.ts testCounts).
 *
 * Why no retraining and no re-sampling is needed for a model with a fixed prediction rule: a test
 * set drawn from the pool with n_d(c) examples of class c has, in expectation, accuracy
 * Σ_c n_d(c)·acc_c / Σ_c n_d(c), acc_c the class's accuracy on the pool. So the per-class
 * accuracies of one evaluation give every point of the sweep as a weighted mean. Only a method
 * whose prediction depends on the test inputs (SADE's test-time aggregation) needs its own
 * per-class accuracies per distribution (Trainer.testAgnosticSweep).
 */
import { testCounts, type TestDistributionKind } from '../data/longtail';

export interface SweepDistribution {
  kind: TestDistributionKind;
  /** ρ_test (1 for uniform). */
  rho: number;
  /** Short label for axes and exports, e.g. 'fwd 50', 'uniform', 'bwd 10'. */
  label: string;
}

const FORWARD = [50, 25, 10, 5, 2];

/** The 11 test distributions of SADE's tables, from most head-heavy to most tail-heavy. */
export const SWEEP_DISTRIBUTIONS: readonly SweepDistribution[] = [
  ...FORWARD.map((rho) => ({ kind: 'forward' as const, rho, label: `fwd ${rho}` })),
  { kind: 'uniform', rho: 1, label: 'uniform' },
  ...FORWARD.slice().reverse().map((rho) => ({ kind: 'backward' as const, rho, label: `bwd ${rho}` })),
];

export interface SweepPoint {
  label: string;
  kind: TestDistributionKind;
  rho: number;
  /** Expected accuracy on a test set of this distribution. */
  accuracy: number;
  /** SADE: the aggregation weights learned on this distribution's test inputs. */
  weights?: number[];
}

/** Examples of each class in distribution d drawn from a pool of `poolPerClass` per class. */
export function sweepCounts(d: SweepDistribution, classes: number, poolPerClass: number): number[] {
  return testCounts({ kind: d.kind, rho: d.rho }, classes, poolPerClass);
}

/** Σ_c w_c·acc_c / Σ_c w_c over the classes with a finite accuracy (NaN when none). */
export function weightedAccuracy(perClass: ArrayLike<number>, weights: readonly number[]): number {
  let num = 0;
  let den = 0;
  for (let c = 0; c < weights.length; c++) {
    const a = perClass[c];
    const w = weights[c] ?? 0;
    if (a === undefined || !Number.isFinite(a) || w <= 0) continue;
    num += w * a;
    den += w;
  }
  return den > 0 ? num / den : NaN;
}

/**
 * The sweep of a model with a fixed prediction rule, from its per-class accuracies.
 * `poolPerClass`: the balanced pool's size per class (the run's testPerClass); class 0 is the
 * most frequent training class, as everywhere in the lab.
 */
export function sweepFromPerClass(perClass: ArrayLike<number>, poolPerClass: number): SweepPoint[] {
  const classes = perClass.length;
  return SWEEP_DISTRIBUTIONS.map((d) => ({
    label: d.label,
    kind: d.kind,
    rho: d.rho,
    accuracy: weightedAccuracy(perClass, sweepCounts(d, classes, poolPerClass)),
  }));
}

/**
 * Test indices for distribution d: the first n_d(c) test examples of each class (the test set is
 * in random order within a class), capped at what the run's test set holds.
 */
export function sweepIndices(labels: Int32Array, classes: number, d: SweepDistribution, poolPerClass: number): Int32Array {
  const want = sweepCounts(d, classes, poolPerClass);
  const taken = new Array<number>(classes).fill(0);
  const out: number[] = [];
  labels.forEach((y, i) => {
    if ((taken[y] ?? 0) < (want[y] ?? 0)) {
      taken[y] = (taken[y] ?? 0) + 1;
      out.push(i);
    }
  });
  return Int32Array.from(out);
}

/** Sweep points as CSV rows (run, distribution, ρ_test, accuracy), for the results export. */
export function sweepCsvRows(runLabel: string, points: readonly SweepPoint[]): string[][] {
  return points.map((p) => [runLabel, p.kind, String(p.rho), Number.isFinite(p.accuracy) ? p.accuracy.toFixed(4) : '']);
}
