import type { SplitAccuracy } from './metrics/accuracy';
import type { Reliability } from './metrics/calibration';

/** Predicted class and confidence over a size × size grid covering the data's extent. */
export interface DecisionGrid {
  size: number;
  min: number;
  max: number;
  /** Row-major, row 0 at the bottom (lowest y). */
  predicted: Uint8Array;
  confidence: Float32Array;
}

export interface TestEvaluation {
  loss: number;
  accuracy: number;
  /** Mean of per-class accuracies: accuracy on a uniform test distribution. */
  balancedAccuracy: number;
  perClass: Float32Array;
  splits: SplitAccuracy;
  reliability: Reliability;
}

/** What an evaluation computes; repeated in snapshots between evaluations. */
export interface Evaluation {
  test: TestEvaluation;
  decision?: DecisionGrid;
  headNorms: Float32Array;
}

export function cloneEvaluation(e: Evaluation): Evaluation {
  const r = e.test.reliability;
  return {
    test: {
      ...e.test,
      perClass: e.test.perClass.slice(),
      splits: { ...e.test.splits },
      reliability: { ...r, counts: r.counts.slice(), accuracy: r.accuracy.slice(), confidence: r.confidence.slice() },
    },
    decision: e.decision ? { ...e.decision, predicted: e.decision.predicted.slice(), confidence: e.decision.confidence.slice() } : undefined,
    headNorms: e.headNorms.slice(),
  };
}

/** What the training loop reports, every ~100 ms. Its typed arrays are transferred, not copied. */
export interface RunSnapshot {
  step: number;
  totalSteps: number;
  stepsPerEpoch: number;
  /** Epochs done, fractional. */
  epoch: number;
  /**
   * Training stage of the model evaluated: 2 once a decoupled method (cRT, LWS) has run a step
   * of its second stage (step > Trainer.secondStageStartStep), else 1.
   */
  stage: 1 | 2;
  /** Mean training loss over the steps since the previous snapshot (NaN if none ran). */
  trainLoss: number;
  /** False when `test`, `decision` and `headNorms` repeat the previous evaluation (see Trainer.evaluate). */
  testFresh: boolean;
  test: TestEvaluation;
  decision?: DecisionGrid;
  /**
   * Per-class L2 norm of the weight vectors of the classifier used for prediction (after
   * τ-normalisation with the current τ, scaled by LWS, unit for a cosine head).
   */
  headNorms: Float32Array;
  /** The post-hoc knob's value the evaluation used (la-posthoc, tau-norm); absent for other methods. */
  posthoc?: number;
  /** Time spent training (steps and their synchronisation), excluding evaluation and pauses. */
  trainMs: number;
  /** Time spent evaluating. */
  evalMs: number;
}

/** The buffers of a snapshot, for postMessage's transfer list. */
export function snapshotTransferables(s: RunSnapshot): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [
    s.test.perClass,
    s.headNorms,
    s.test.reliability.counts,
    s.test.reliability.accuracy,
    s.test.reliability.confidence,
  ];
  if (s.decision) arrays.push(s.decision.predicted, s.decision.confidence);
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
