import * as tf from '@tensorflow/tfjs-core';
import type { SplitName } from './data/longtail';
import type { Extent2D } from './data/dataset';
import { confusionMatrix } from './metrics/confusion';
import { argmaxRows, meanOfFinite, overallAccuracy, perClassAccuracy, splitAccuracy } from './metrics/accuracy';
import { reliability } from './metrics/calibration';
import type { DecisionGrid, TestEvaluation } from './snapshot';

/** Softmax probabilities of `x`, `chunk` rows per forward pass (bounding peak memory), read back asynchronously. */
export async function predictProbabilities(logitsFn: (x: tf.Tensor2D) => tf.Tensor2D, x: tf.Tensor2D, chunk = 2048): Promise<Float32Array> {
  const n = x.shape[0];
  const parts: Float32Array[] = [];
  for (let start = 0; start < n; start += chunk) {
    const probs = tf.tidy(() => tf.softmax(logitsFn(tf.slice(x, [start, 0], [Math.min(chunk, n - start), -1]))));
    parts.push((await probs.data()) as Float32Array);
    probs.dispose();
  }
  if (parts.length === 1) return parts[0] ?? new Float32Array(0);
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Metrics of predicted probabilities against labels (pure: no tensors). */
export function evaluateProbabilities(probs: Float32Array, labels: Int32Array, classes: number, splits: readonly SplitName[]): TestEvaluation {
  const n = labels.length;
  const predicted = argmaxRows(probs, classes);
  const confidence = new Float32Array(n);
  const correct = new Array<boolean>(n);
  let nll = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i] ?? 0;
    const pred = predicted[i] ?? 0;
    confidence[i] = probs[i * classes + pred] ?? 0;
    correct[i] = pred === y;
    nll -= Math.log(Math.max(probs[i * classes + y] ?? 0, 1e-12));
  }
  const perClass = perClassAccuracy(predicted, labels, classes);
  const probSum = new Float64Array(classes);
  const seen = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    const y = labels[i] ?? 0;
    probSum[y] = (probSum[y] ?? 0) + (probs[i * classes + y] ?? 0);
    seen[y] = (seen[y] ?? 0) + 1;
  }
  const perClassProb = Float32Array.from(probSum, (p, c) => ((seen[c] ?? 0) > 0 ? p / (seen[c] ?? 1) : NaN));
  return {
    perClassProb,
    splitProb: splitAccuracy(perClassProb, splits),
    loss: n > 0 ? nll / n : NaN,
    accuracy: overallAccuracy(predicted, labels),
    balancedAccuracy: meanOfFinite(perClass),
    perClass,
    confusion: confusionMatrix(predicted, labels, classes),
    splits: splitAccuracy(perClass, splits),
    reliability: reliability(confidence, correct),
  };
}

/** The points of a size × size grid over the extent, row 0 at the bottom. */
export function gridPoints(extent: Extent2D, size: number): Float32Array {
  const points = new Float32Array(size * size * 2);
  const step = (extent.max - extent.min) / size;
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const i = row * size + col;
      points[2 * i] = extent.min + (col + 0.5) * step;
      points[2 * i + 1] = extent.min + (row + 0.5) * step;
    }
  }
  return points;
}

/** Predicted class and confidence at each grid point, for the decision-boundary view. */
export async function decisionGrid(
  logitsFn: (x: tf.Tensor2D) => tf.Tensor2D,
  grid: tf.Tensor2D,
  extent: Extent2D,
  size: number,
): Promise<DecisionGrid> {
  const [predictedT, confidenceT] = tf.tidy(() => {
    const probs = tf.softmax(logitsFn(grid));
    return [tf.argMax(probs, 1), tf.max(probs, 1)];
  });
  const [predicted, confidence] = await Promise.all([predictedT.data(), confidenceT.data()]);
  predictedT.dispose();
  confidenceT.dispose();
  return { size, min: extent.min, max: extent.max, predicted: Uint8Array.from(predicted), confidence: Float32Array.from(confidence) };
}
