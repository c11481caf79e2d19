import * as tf from '@tensorflow/tfjs-core';
import { combineWithEngagement, opinionOf, opinionScores } from './evidential';
import type { ExpertAggregation } from './types';

/**
 * fn's result as a constant to the gradient: computed inside a custom-gradient op, whose inner
 * ops the tape does not record (tfjs has no stop_gradient), and whose gradient is zero for every
 * input. For teachers and targets (RIDE's ensemble p̄, MDCS's weak-view teacher) and for masks
 * built with ops that have no gradient (TLC's engagement): none of it is back-propagated.
 */
export function withoutGradient<T extends tf.Tensor>(inputs: readonly tf.Tensor[], fn: () => T): T {
  const op = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xs = args.slice(0, inputs.length) as tf.Tensor[];
    return { value: fn(), gradFunc: () => xs.map((x) => tf.zerosLike(x)) };
  }) as Parameters<typeof tf.customGrad>[0]);
  return op(...inputs) as T;
}

/** x as a constant to the gradient. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return withoutGradient([x], () => tf.clone(x));
}

/** The experts' logits stacked along a new first axis: [K, n, C]. */
export function stackExperts(experts: readonly tf.Tensor2D[]): tf.Tensor3D {
  return tf.stack(experts as tf.Tensor2D[]) as tf.Tensor3D;
}

/** Adds expert k's per-class shift to its logits, for all experts at once: [K, n, C] + [K, 1, C], returned as rows [K·n, C]. */
export function shiftExperts(experts: readonly tf.Tensor2D[], shifts: readonly (readonly number[])[]): tf.Tensor2D {
  return tf.tidy(() => {
    const [n, classes] = (experts[0] as tf.Tensor2D).shape;
    const shift = tf.tensor3d(shifts.flatMap((row) => Array.from(row)), [shifts.length, 1, classes]);
    return tf.reshape(tf.add(stackExperts(experts), shift), [experts.length * n, classes]) as tf.Tensor2D;
  });
}

/** Labels repeated for each of `times` stacked copies of the batch. */
export function tileLabels(labels: tf.Tensor1D, times: number): tf.Tensor1D {
  return tf.tile(labels, [times]) as tf.Tensor1D;
}

/** (1/K) Σ_k z_k: RIDE's and MDCS's output. */
export function meanLogits(logits: readonly tf.Tensor2D[]): tf.Tensor2D {
  return tf.tidy(() => tf.div(tf.addN(logits as tf.Tensor2D[]), logits.length) as tf.Tensor2D);
}

/** Σ_k a_k z_k for weights a (already normalised, e.g. softmax(w)): SADE's output. */
export function weightedLogits(logits: readonly tf.Tensor2D[], weights: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => tf.addN(logits.map((z, k) => tf.mul(z, tf.reshape(tf.slice(weights, [k], [1]), [])))) as tf.Tensor2D);
}

/** The prediction of a multi-expert model, with TLC's per-sample uncertainty and engagement. */
export interface AggregatedOutput {
  /** Scores whose softmax is the prediction (logits for 'mean' / 'weighted', log(b + u/C) for 'evidential'). */
  scores: tf.Tensor2D;
  /** 'evidential' only: combined uncertainty u per sample. */
  uncertainty?: tf.Tensor1D;
  /** 'evidential' only: experts consulted per sample. */
  consulted?: tf.Tensor1D;
}

/**
 * The experts' logits turned into the prediction by the method's rule. `weights` are the
 * normalised aggregation weights softmax(w) ('weighted' only; equal weights when absent).
 */
export function aggregate(rule: ExpertAggregation, logits: readonly tf.Tensor2D[], weights?: tf.Tensor1D): AggregatedOutput {
  return tf.tidy(() => {
    if (rule.kind === 'evidential') {
      const engaged = combineWithEngagement(logits.map(opinionOf), rule.threshold);
      return { scores: opinionScores(engaged), uncertainty: engaged.uncertainty, consulted: engaged.consulted };
    }
    if (rule.kind === 'weighted' && weights) return { scores: weightedLogits(logits, weights) };
    return { scores: meanLogits(logits) };
  });
}
