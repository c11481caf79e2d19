/**
 * The training curves' data: one point per snapshot, kept by the app for the curves, saved with
 * a run and exported with its results (a neutral home: the store, persistence and the charts
 * all use it).
 */
import type { SplitAccuracy } from './metrics/accuracy';
import type { RunSnapshot } from './snapshot';

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
  /** Mean correct-class probability in Many / Medium / Few (absent in runs saved before it existed). */
  splitProb?: SplitAccuracy;
}

/**
 * One point of the curves. A snapshot that repeats the previous evaluation (testFresh false)
 * adds only its training loss: repeated test values would draw flat steps into the curves,
 * while NaN leaves a gap that the curves bridge to the next real evaluation.
 */
export function historyPoint(s: RunSnapshot): HistoryPoint {
  const fresh = s.testFresh !== false;
  return {
    step: s.step,
    epoch: s.epoch,
    trainLoss: s.trainLoss,
    testLoss: fresh ? s.test.loss : NaN,
    accuracy: fresh ? s.test.accuracy : NaN,
    balancedAccuracy: fresh ? s.test.balancedAccuracy : NaN,
    splits: fresh ? s.test.splits : { many: NaN, medium: NaN, few: NaN },
    ece: fresh ? s.test.reliability.ece : NaN,
    splitProb: fresh ? s.test.splitProb : undefined,
  };
}
