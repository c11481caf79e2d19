import * as tf from '@tensorflow/tfjs-core';
import { argmaxRows } from './metrics/accuracy';
import type { AttentionSnapshot } from './snapshot';

/** Images the attention view shows: one per class, spread from the most to the least frequent. */
export const ATTENTION_IMAGES = 6;

/** The first test example of each of up to `count` classes spread evenly over 0 … C − 1 (classes are in frequency order). */
export function attentionIndices(labels: Int32Array, classes: number, count = ATTENTION_IMAGES): number[] {
  const k = Math.min(count, classes);
  const wanted = Array.from({ length: k }, (_, i) => Math.round((i * (classes - 1)) / Math.max(1, k - 1)));
  return [...new Set(wanted)].map((c) => labels.indexOf(c)).filter((i) => i >= 0);
}

/**
 * The ViT's last-block CLS attention on the chosen test images, with the images themselves
 * (so that the view can overlay them) and the model's predictions for them.
 */
export async function attentionSnapshot(options: {
  attention: (x: tf.Tensor2D) => tf.Tensor2D;
  logits: (x: tf.Tensor2D) => tf.Tensor2D;
  testX: tf.Tensor2D;
  labels: Int32Array;
  classes: number;
  inputShape: readonly number[];
  grid: number;
}): Promise<AttentionSnapshot> {
  const { testX, labels, classes } = options;
  const indices = attentionIndices(labels, classes);
  const [images, maps, logits] = tf.tidy(() => {
    const x = tf.gather(testX, tf.tensor1d(indices, 'int32'));
    return [x, options.attention(x), options.logits(x)];
  });
  const [pixels, weights, scores] = await Promise.all([images.data(), maps.data(), logits.data()]);
  tf.dispose([images, maps, logits]);
  return {
    images: pixels as Float32Array,
    inputShape: [...options.inputShape],
    grid: options.grid,
    maps: weights as Float32Array,
    labels: Int32Array.from(indices, (i) => labels[i] ?? 0),
    predicted: Int32Array.from(argmaxRows(scores as Float32Array, classes)),
  };
}
