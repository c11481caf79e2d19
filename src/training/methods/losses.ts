import * as tf from '@tensorflow/tfjs-core';
import type { MixedBatch } from './types';

/**
 * Losses as tensor functions of logits z [n, C] and integer labels y [n]. Per-class constants
 * (weights, margins, shifts) come in as plain arrays, so methods compute them once in JavaScript.
 * Every function is called inside the optimiser's tape, and tidies its own intermediates.
 */

/** −log softmax(z)_y for each example, from log-softmax (stable for large logits). */
export function crossEntropyPerExample(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.neg(tf.sum(tf.mul(tf.oneHot(labels, logits.shape[1]), tf.logSoftmax(logits)), 1)) as tf.Tensor1D);
}

/** Mean cross-entropy of integer labels. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(crossEntropyPerExample(logits, labels)));
}

/**
 * Class-weighted cross-entropy with PyTorch's convention (F.cross_entropy(weight=w), which the
 * authors' code uses): Σ_i w_{y_i}·ℓ_i / Σ_i w_{y_i}, a weighted mean, so the loss scale does not
 * swing with how many tail examples a batch happens to hold.
 */
export function weightedCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, classWeights: readonly number[]): tf.Scalar {
  return tf.tidy(() => {
    const w = tf.gather(tf.tensor1d(Array.from(classWeights)), labels);
    return tf.div(tf.sum(tf.mul(w, crossEntropyPerExample(logits, labels))), tf.sum(w));
  });
}

/** z + shift, the same shift for every example (log n for balanced softmax, τ·log π for logit adjustment). */
export function shiftLogits(logits: tf.Tensor2D, shift: readonly number[]): tf.Tensor2D {
  return tf.tidy(() => tf.add(logits, tf.tensor1d(Array.from(shift))));
}

/**
 * Focal loss −(1 − p_y)^γ·log p_y, averaged. (1 − p_y) is floored at a tiny value so that the
 * power's gradient γ(1 − p)^{γ−1} stays finite on a perfectly fitted example when γ < 1.
 * With class weights α (class-balanced focal, Cui et al.), as the LDAM-DRW code's FocalLoss(weight=α):
 * ℓ = α_y·CE, then mean of (1 − e^{−ℓ})^γ·ℓ (its p is e^{−α_y CE}, not p_y, where α_y ≠ 1).
 */
export function focalLoss(logits: tf.Tensor2D, labels: tf.Tensor1D, gamma: number, classWeights?: readonly number[]): tf.Scalar {
  return tf.tidy(() => {
    const plain = crossEntropyPerExample(logits, labels);
    const ce = classWeights ? tf.mul(tf.gather(tf.tensor1d(Array.from(classWeights)), labels), plain) : plain;
    const pY = tf.exp(tf.neg(ce));
    const modulator = tf.pow(tf.maximum(tf.sub(1, pY), 1e-12), gamma);
    return tf.mean(tf.mul(modulator, ce));
  });
}

/**
 * Label-aware smoothing (MiSLAS): (1 − ε_y)·(−log p_y) + ε_y·mean_k(−log p_k), averaged, with a
 * per-class ε (larger for head classes, whose over-confidence is what smoothing corrects).
 */
export function labelAwareSmoothingLoss(logits: tf.Tensor2D, labels: tf.Tensor1D, epsilons: readonly number[]): tf.Scalar {
  return tf.tidy(() => {
    const eps = tf.gather(tf.tensor1d(Array.from(epsilons)), labels);
    const nll = crossEntropyPerExample(logits, labels);
    const smooth = tf.neg(tf.mean(tf.logSoftmax(logits), 1));
    return tf.mean(tf.add(tf.mul(tf.sub(1, eps), nll), tf.mul(eps, smooth)));
  });
}

/**
 * LDAM: cross-entropy of the logits with the true class's logit lowered by s·m_y. The logits are
 * already s·cos from the cosine head, so the margin is scaled by s too: CE(s·(cos − m_y·e_y)).
 * Class-weighted (DRW) with the PyTorch convention of weightedCrossEntropy.
 */
export function ldamLoss(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
  margins: readonly number[],
  scale: number,
  classWeights: readonly number[],
): tf.Scalar {
  return tf.tidy(() => {
    const m = tf.gather(tf.tensor1d(Array.from(margins)), labels);
    const shifted = tf.sub(logits, tf.mul(tf.oneHot(labels, logits.shape[1]), tf.reshape(tf.mul(m, scale), [-1, 1])));
    return weightedCrossEntropy(shifted as tf.Tensor2D, labels, classWeights);
  });
}

/**
 * Cross-entropy against a mix of two labels: mean_i [w_i·CE(y_a) + (1 − w_i)·CE(y_b)], with
 * w_i = λ for mixup (λ·CE(y_a) + (1 − λ)·CE(y_b)) and λ, 0 or 1 per sample for Remix.
 */
export function mixedCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, mix: Pick<MixedBatch, 'labelsB' | 'weightA'>): tf.Scalar {
  return tf.tidy(() => {
    const ceA = crossEntropyPerExample(logits, labels);
    const ceB = crossEntropyPerExample(logits, mix.labelsB);
    return tf.mean(tf.add(tf.mul(mix.weightA, ceA), tf.mul(tf.sub(1, mix.weightA), ceB)));
  });
}

/**
 * mixedCrossEntropy with class weights ω (DRW): Σ_i [w_i ω_{y_a,i} CE(y_a) + (1 − w_i) ω_{y_b,i} CE(y_b)]
 * / Σ_i [w_i ω_{y_a,i} + (1 − w_i) ω_{y_b,i}], PyTorch's weighted-mean convention
 * (F.cross_entropy(weight=ω)); with ω = 1 it is mixedCrossEntropy.
 */
export function mixedWeightedCrossEntropy(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
  mix: Pick<MixedBatch, 'labelsB' | 'weightA'>,
  classWeights: readonly number[],
): tf.Scalar {
  return tf.tidy(() => {
    const omega = tf.tensor1d(Array.from(classWeights));
    const a = tf.mul(mix.weightA, tf.gather(omega, labels));
    const b = tf.mul(tf.sub(1, mix.weightA), tf.gather(omega, mix.labelsB));
    const total = tf.add(tf.mul(a, crossEntropyPerExample(logits, labels)), tf.mul(b, crossEntropyPerExample(logits, mix.labelsB)));
    return tf.div(tf.sum(total), tf.sum(tf.add(a, b)));
  });
}
