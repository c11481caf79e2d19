import * as tf from '@tensorflow/tfjs-core';

/**
 * The classifier head. 'cosine' (LDAM's NormedLinear): logits = s·cos(f, w_j), features and
 * class weight vectors both L2-normalised, no bias, so no class can win by a larger norm.
 */
export type HeadSpec = { kind: 'linear' } | { kind: 'cosine'; /** The scale s of the cosine logits. */ scale: number };

/** A linear classifier as used at prediction: logits = features · kernel + bias. */
export interface LinearHead {
  /** [featureSize, classes]: column j is class j's weight vector w_j. */
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

/**
 * Guards the norm against 0: inside the square root so that its gradient stays finite for a
 * zero vector (a dead ReLU layer gives all-zero features).
 */
const NORM_EPSILON = 1e-12;

/** L2 norm of each column, i.e. ‖w_j‖ per class for a kernel. */
export function columnNorms(kernel: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sqrt(tf.add(tf.sum(tf.square(kernel), 0), NORM_EPSILON)) as tf.Tensor1D);
}

/** Each row scaled to unit L2 norm (features, one row per example). */
export function normaliseRows(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), NORM_EPSILON))));
}

/** Each column scaled to unit L2 norm (class weight vectors). */
export function normaliseColumns(kernel: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.div(kernel, tf.sqrt(tf.add(tf.sum(tf.square(kernel), 0, true), NORM_EPSILON))));
}

/** s · cos(f_i, w_j) for every example i and class j. */
export function cosineLogits(features: tf.Tensor2D, kernel: tf.Tensor2D, scale: number): tf.Tensor2D {
  return tf.tidy(() => tf.mul(tf.matMul(normaliseRows(features), normaliseColumns(kernel)), scale));
}

export function linearLogits(features: tf.Tensor2D, head: LinearHead): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.matMul(features, head.kernel), head.bias));
}

/**
 * The head whose logits are f_j · (features · w_j + b_j): learnable weight scaling (LWS)
 * multiplies logits, bias included, as Kang et al.'s LWS classifier does.
 */
export function scaleClasses(head: LinearHead, scales: tf.Tensor1D): LinearHead {
  return { kernel: tf.mul(head.kernel, scales), bias: tf.mul(head.bias, scales) };
}
