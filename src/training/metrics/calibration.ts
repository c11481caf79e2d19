/** Equal-width confidence bins used for ECE and the reliability diagram (Guo et al. 2017). */
export const CALIBRATION_BINS = 15;

export interface Reliability {
  /** Examples per bin. */
  counts: Float32Array;
  /** Accuracy within each bin (NaN when empty). */
  accuracy: Float32Array;
  /** Mean confidence within each bin (NaN when empty). */
  confidence: Float32Array;
  /** Expected calibration error Σ_b (|B_b| / N) · |acc(B_b) − conf(B_b)|. */
  ece: number;
  /** Maximum calibration error: the largest gap over non-empty bins. */
  mce: number;
}

/**
 * Bins by confidence (the top softmax probability): bin b holds confidences in (b/B, (b+1)/B],
 * with confidence 0 in the first bin.
 */
export function reliability(confidence: ArrayLike<number>, correct: ArrayLike<boolean>, bins = CALIBRATION_BINS): Reliability {
  const counts = new Float32Array(bins);
  const hits = new Float64Array(bins);
  const confSum = new Float64Array(bins);
  const n = confidence.length;
  for (let i = 0; i < n; i++) {
    const p = confidence[i] ?? 0;
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1));
    counts[b] = (counts[b] ?? 0) + 1;
    confSum[b] = (confSum[b] ?? 0) + p;
    if (correct[i]) hits[b] = (hits[b] ?? 0) + 1;
  }
  const accuracy = new Float32Array(bins);
  const meanConf = new Float32Array(bins);
  let ece = 0;
  let mce = 0;
  for (let b = 0; b < bins; b++) {
    const count = counts[b] ?? 0;
    if (count === 0) {
      accuracy[b] = NaN;
      meanConf[b] = NaN;
      continue;
    }
    const acc = (hits[b] ?? 0) / count;
    const conf = (confSum[b] ?? 0) / count;
    accuracy[b] = acc;
    meanConf[b] = conf;
    const gap = Math.abs(acc - conf);
    ece += (count / n) * gap;
    mce = Math.max(mce, gap);
  }
  return { counts, accuracy, confidence: meanConf, ece: n > 0 ? ece : NaN, mce: n > 0 ? mce : NaN };
}
