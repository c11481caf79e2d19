import { SPLIT_NAMES, type SplitName } from '../data/longtail';
import { argmaxRows, perClassAccuracy, splitAccuracy } from './accuracy';

/**
 * Expert diversity (docs/methods.md, "Metrics"): pure functions of each expert's predicted
 * probabilities (row-major [n, C] Float32Arrays, one per expert), no tensors.
 */

/** Accuracy of each expert on each class, K × C row-major; NaN for a class absent from the labels. */
export function expertPerClassAccuracy(predictions: readonly Int32Array[], labels: Int32Array, classes: number): Float32Array {
  const out = new Float32Array(predictions.length * classes);
  predictions.forEach((p, k) => out.set(perClassAccuracy(p, labels, classes), k * classes));
  return out;
}

/** Mean per-class accuracy of each expert in Many / Medium / Few, K × 3 row-major. */
export function expertSplitAccuracy(perClass: Float32Array, count: number, splits: readonly SplitName[]): Float32Array {
  const classes = splits.length;
  const out = new Float32Array(count * SPLIT_NAMES.length);
  for (let k = 0; k < count; k++) {
    const s = splitAccuracy(perClass.subarray(k * classes, (k + 1) * classes), splits);
    SPLIT_NAMES.forEach((name, i) => (out[k * SPLIT_NAMES.length + i] = s[name]));
  }
  return out;
}

/** Fraction of samples on which experts i and j predict different classes, K × K row-major (0 on the diagonal). */
export function pairwiseDisagreement(predictions: readonly Int32Array[]): Float32Array {
  const count = predictions.length;
  const n = predictions[0]?.length ?? 0;
  const out = new Float32Array(count * count);
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      const a = predictions[i] as Int32Array;
      const b = predictions[j] as Int32Array;
      let differ = 0;
      for (let s = 0; s < n; s++) if (a[s] !== b[s]) differ++;
      const value = n > 0 ? differ / n : NaN;
      out[i * count + j] = value;
      out[j * count + i] = value;
    }
  }
  return out;
}

/** Probabilities are floored here inside the logarithms, so that a zero cannot make KL infinite. */
const PROB_FLOOR = 1e-12;

/** KL(p ‖ q) of row `row` of two [n, C] matrices. */
function rowKl(p: Float32Array, q: Float32Array, row: number, classes: number): number {
  let kl = 0;
  for (let c = 0; c < classes; c++) {
    const pc = p[row * classes + c] ?? 0;
    if (pc <= 0) continue;
    kl += pc * (Math.log(Math.max(pc, PROB_FLOOR)) - Math.log(Math.max(q[row * classes + c] ?? 0, PROB_FLOOR)));
  }
  return kl;
}

/** Mean over samples of KL(p_i ‖ p_j), at [i·K + j] (not symmetric; 0 on the diagonal). */
export function pairwiseKl(probs: readonly Float32Array[], classes: number): Float32Array {
  const count = probs.length;
  const n = (probs[0]?.length ?? 0) / classes;
  const out = new Float32Array(count * count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      if (i === j) continue;
      let sum = 0;
      for (let s = 0; s < n; s++) sum += rowKl(probs[i] as Float32Array, probs[j] as Float32Array, s, classes);
      out[i * count + j] = n > 0 ? sum / n : NaN;
    }
  }
  return out;
}

/** Per-class mean uncertainty and the mean on right and on wrong predictions. */
export interface UncertaintySummary {
  perClass: Float32Array;
  right: number;
  wrong: number;
}

/** Mean uncertainty per true class (NaN if absent), and over correctly / wrongly predicted samples (NaN if none). */
export function uncertaintySummary(uncertainty: ArrayLike<number>, predicted: Int32Array, labels: Int32Array, classes: number): UncertaintySummary {
  const sum = new Float64Array(classes);
  const count = new Float64Array(classes);
  let right = 0;
  let nRight = 0;
  let wrong = 0;
  let nWrong = 0;
  labels.forEach((y, i) => {
    const u = uncertainty[i] ?? NaN;
    sum[y] = (sum[y] ?? 0) + u;
    count[y] = (count[y] ?? 0) + 1;
    if (predicted[i] === y) {
      right += u;
      nRight++;
    } else {
      wrong += u;
      nWrong++;
    }
  });
  return {
    perClass: Float32Array.from(count, (n, c) => (n > 0 ? (sum[c] ?? 0) / n : NaN)),
    right: nRight > 0 ? right / nRight : NaN,
    wrong: nWrong > 0 ? wrong / nWrong : NaN,
  };
}

/** Histogram of experts consulted: out[k] = number of samples that consulted k + 1 experts. */
export function consultedHistogram(consulted: ArrayLike<number>, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < consulted.length; i++) {
    const k = Math.min(count, Math.max(1, Math.round(consulted[i] ?? 1))) - 1;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** Each expert's predicted class per sample, from its [n, C] probabilities. */
export function expertPredictions(probs: readonly Float32Array[], classes: number): Int32Array[] {
  return probs.map((p) => argmaxRows(p, classes));
}
