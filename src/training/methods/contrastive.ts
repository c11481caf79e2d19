import * as tf from '@tensorflow/tfjs-core';

/**
 * Contrastive losses on L2-normalised embeddings of two views of a batch, stacked row-wise
 * (m = 2n rows: every sample's first view, then every second view), as the authors' SBCL code
 * (SimCLR/loss.py: SupConLoss, SupConLoss_rank) with contrast_mode 'all': every row is an anchor,
 * every other row a candidate. Called inside the optimiser's tape; each tidies its own work.
 */

/** Pairwise scores of the rows divided by a temperature per anchor row ([m, 1] or a number), shifted by each row's maximum for stability. */
function scaledScores(similarity: tf.Tensor2D, temperature: tf.Tensor2D | number): tf.Tensor2D {
  const logits = tf.div(similarity, temperature) as tf.Tensor2D;
  // The shift cancels in every log-softmax below (the authors detach it; its gradient is zero either way).
  return tf.sub(logits, tf.max(logits, 1, true));
}

/** log of Σ_j mask_ij·exp(s_ij) per row: the denominator of a masked softmax. */
function logDenominator(scores: tf.Tensor2D, mask: tf.Tensor): tf.Tensor2D {
  return tf.log(tf.sum(tf.mul(tf.exp(scores), mask), 1, true)) as tf.Tensor2D;
}

/** Mean over row i's positives (mask) of s_ij − log Σ_{j ∈ den} exp(s_ij): the mean log-likelihood of a positive. */
function meanLogPositive(scores: tf.Tensor2D, positives: tf.Tensor, denominator: tf.Tensor): tf.Tensor1D {
  const logProb = tf.sub(scores, logDenominator(scores, denominator));
  return tf.div(tf.sum(tf.mul(positives, logProb), 1), tf.sum(positives, 1)) as tf.Tensor1D;
}

/** 1 where the groups of rows i and j are equal: [m, m]. */
function sameGroup(groups: tf.Tensor1D): tf.Tensor2D {
  return tf.cast(tf.equal(tf.expandDims(groups, 1), tf.expandDims(groups, 0)), 'float32') as tf.Tensor2D;
}

/**
 * Supervised contrastive loss (Khosla et al.; the authors' SupConLoss, their warm-up):
 * −(τ/τ_b)·mean over anchors of the mean log-probability of the anchor's positives (rows of the
 * same group, itself left out) against all other rows, at temperature τ. `groups` [m] int32.
 */
export function supConLoss(embedding: tf.Tensor2D, groups: tf.Tensor1D, temperature: number, baseTemperature: number): tf.Scalar {
  return tf.tidy(() => {
    const m = embedding.shape[0];
    const notSelf = tf.sub(1, tf.oneHot(tf.range(0, m, 1, 'int32'), m)) as tf.Tensor2D;
    const scores = scaledScores(tf.matMul(embedding, embedding, false, true) as tf.Tensor2D, temperature);
    const positive = meanLogPositive(scores, tf.mul(sameGroup(groups), notSelf), notSelf);
    return tf.mul(tf.mean(positive), -temperature / baseTemperature) as tf.Scalar;
  });
}

/** SBCL's loss hyper-parameters (authors' SupConLoss_rank defaults: τ 0.1, τ_b 0.07, γ 0.25). */
export interface SbclLossSpec {
  temperature: number;
  baseTemperature: number;
  /** Weight β of the class term (the authors' `grama`). */
  beta: number;
}

/**
 * SBCL's bi-granularity loss (the authors' SupConLoss_rank), for m = 2n rows with their class
 * `labels`, global `subclasses` and class-adaptive `anchorTemperatures` (τ of each row's class), all [m]:
 * - subclass term at τ: positives = the anchor's own subclass, against every other row;
 * - class term at the anchor's class temperature: positives = rows of the same class in another
 *   subclass and the anchor's other view; the denominator leaves out the anchor's subclass
 *   (all rows of other subclasses, plus the anchor's other view).
 * loss = mean over anchors of −(τ/τ_b)·subclass term − β·class term.
 */
export function sbclLoss(embedding: tf.Tensor2D, labels: tf.Tensor1D, subclasses: tf.Tensor1D, anchorTemperatures: tf.Tensor1D, spec: SbclLossSpec): tf.Scalar {
  return tf.tidy(() => {
    const m = embedding.shape[0];
    const n = m / 2;
    const rows = tf.range(0, m, 1, 'int32');
    const notSelf = tf.sub(1, tf.oneHot(rows, m)) as tf.Tensor2D;
    // Row i's other view: i + n for a first view, i − n for a second one.
    const otherView = tf.oneHot(tf.concat([tf.range(n, m, 1, 'int32'), tf.range(0, n, 1, 'int32')]), m) as tf.Tensor2D;
    const similarity = tf.matMul(embedding, embedding, false, true) as tf.Tensor2D;
    const sameSubclass = sameGroup(subclasses);
    const subclassTerm = meanLogPositive(scaledScores(similarity, spec.temperature), tf.mul(sameSubclass, notSelf), notSelf);
    const otherSubclass = tf.sub(1, sameSubclass) as tf.Tensor2D;
    const classScores = scaledScores(similarity, tf.expandDims(anchorTemperatures, 1) as tf.Tensor2D);
    const classPositives = tf.add(tf.mul(otherSubclass, sameGroup(labels)), otherView) as tf.Tensor2D;
    const classTerm = meanLogPositive(classScores, classPositives, tf.add(otherSubclass, otherView) as tf.Tensor2D);
    const perAnchor = tf.add(tf.mul(subclassTerm, -spec.temperature / spec.baseTemperature), tf.mul(classTerm, -spec.beta));
    return tf.mean(perAnchor) as tf.Scalar;
  });
}
