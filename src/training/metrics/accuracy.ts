import { SPLIT_NAMES, type SplitName } from '../data/longtail';

/** Predicted class of each row of a row-major [n, classes] matrix of scores. */
export function argmaxRows(scores: Float32Array, classes: number): Int32Array {
  const n = scores.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      const s = scores[i * classes + c] ?? -Infinity;
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}

/** Accuracy per class; NaN for a class with no test example. */
export function perClassAccuracy(predicted: Int32Array, labels: Int32Array, classes: number): Float32Array {
  const correct = new Float64Array(classes);
  const total = new Float64Array(classes);
  labels.forEach((y, i) => {
    total[y] = (total[y] ?? 0) + 1;
    if (predicted[i] === y) correct[y] = (correct[y] ?? 0) + 1;
  });
  return Float32Array.from(total, (t, c) => (t > 0 ? (correct[c] ?? 0) / t : NaN));
}

export function overallAccuracy(predicted: Int32Array, labels: Int32Array): number {
  if (labels.length === 0) return NaN;
  let correct = 0;
  labels.forEach((y, i) => {
    if (predicted[i] === y) correct++;
  });
  return correct / labels.length;
}

/** Mean of the finite values (classes absent from the test set are skipped); NaN if none. */
export function meanOfFinite(values: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? NaN;
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n > 0 ? sum / n : NaN;
}

export type SplitAccuracy = Record<SplitName, number>;

/** Mean per-class accuracy within Many / Medium / Few; NaN for an empty split. */
export function splitAccuracy(perClass: ArrayLike<number>, splits: readonly SplitName[]): SplitAccuracy {
  const result = { many: NaN, medium: NaN, few: NaN };
  for (const name of SPLIT_NAMES) {
    result[name] = meanOfFinite(splits.flatMap((s, c) => (s === name ? [perClass[c] ?? NaN] : [])));
  }
  return result;
}
