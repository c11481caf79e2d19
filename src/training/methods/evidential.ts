import * as tf from '@tensorflow/tfjs-core';

/**
 * Evidential deep learning as TLC uses it (docs/methods.md, "TLC"): an expert's logits z give
 * evidence e = exp(z), a Dirichlet α = e + 1 with strength S = Σ α, and a subjective opinion:
 * belief b_k = e_k / S per class and uncertainty u = C / S, with Σ_k b_k + u = 1.
 *
 * Evidence is exp(z), as in the authors' code, on cosine logits z = s·cos ∈ [−s, s] (s = 30):
 * the bounded logits bound the evidence at e³⁰ ≈ 10¹³, well inside float32. The clamp below
 * only keeps a linear head's logits from overflowing.
 */
export const EVIDENCE_LOGIT_CLAMP = 30;

/** A subjective opinion per sample: belief [n, C] and uncertainty [n]. */
export interface Opinion {
  belief: tf.Tensor2D;
  uncertainty: tf.Tensor1D;
}

/** e = exp(z), with z clamped to ≤ `clamp`. */
export function evidence(logits: tf.Tensor2D, clamp = EVIDENCE_LOGIT_CLAMP): tf.Tensor2D {
  return tf.tidy(() => tf.exp(tf.minimum(logits, clamp)) as tf.Tensor2D);
}

/** The opinion of logits: α = e + 1, S = Σα, b = e / S, u = C / S. */
export function opinionOf(logits: tf.Tensor2D): Opinion {
  return tf.tidy(() => {
    const e = evidence(logits);
    const strength = tf.add(tf.sum(e, 1, true), logits.shape[1]);
    return {
      belief: tf.div(e, strength) as tf.Tensor2D,
      uncertainty: tf.reshape(tf.div(logits.shape[1], strength), [-1]) as tf.Tensor1D,
    };
  });
}

/**
 * Dempster's rule for two opinions (reduced, as in TMC/TLC): conflict Cf = Σ_{j≠k} b¹_j b²_k =
 * (Σ b¹)(Σ b²) − Σ_k b¹_k b²_k, then b = (b¹b² + b¹u² + b²u¹) / (1 − Cf), u = u¹u² / (1 − Cf).
 * The result again satisfies Σ b + u = 1.
 */
export function dempster(a: Opinion, b: Opinion): Opinion {
  return tf.tidy(() => {
    const agree = tf.sum(tf.mul(a.belief, b.belief), 1);
    const conflict = tf.sub(tf.mul(tf.sum(a.belief, 1), tf.sum(b.belief, 1)), agree);
    const scale = tf.reshape(tf.sub(1, conflict), [-1, 1]);
    const ua = tf.reshape(a.uncertainty, [-1, 1]);
    const ub = tf.reshape(b.uncertainty, [-1, 1]);
    const belief = tf.add(tf.mul(a.belief, b.belief), tf.add(tf.mul(a.belief, ub), tf.mul(b.belief, ua)));
    return {
      belief: tf.div(belief, scale) as tf.Tensor2D,
      uncertainty: tf.reshape(tf.div(tf.mul(ua, ub), scale), [-1]) as tf.Tensor1D,
    };
  });
}

/** An opinion combined expert by expert, with how many experts each sample consulted. */
export interface EngagedOpinion extends Opinion {
  /** Experts consulted per sample, 1…K (float32). */
  consulted: tf.Tensor1D;
  /** Per expert, 1 for the samples that consulted it, else 0 (float32; all ones for expert 1). */
  engaged: tf.Tensor1D[];
}

/**
 * TLC's dynamic engagement: start from expert 1's opinion; a sample whose combined
 * uncertainty is still ≥ `threshold` consults the next expert (Dempster-combined into its
 * opinion), an easier one keeps what it has. threshold 0: every sample consults every expert.
 */
export function combineWithEngagement(opinions: readonly Opinion[], threshold: number): EngagedOpinion {
  return tf.tidy(() => {
    const [first, ...rest] = opinions;
    if (!first) throw new Error('no opinions to combine');
    let belief = first.belief;
    let uncertainty = first.uncertainty;
    // Masks and blends are arithmetic (no boolean ops), so that the TLC loss can build them on its tape.
    const masks: tf.Tensor1D[] = [tf.onesLike(first.uncertainty)];
    for (const next of rest) {
      const still = tf.cast(tf.greaterEqual(uncertainty, threshold), 'float32');
      const engaged = tf.mul(still, masks[masks.length - 1] as tf.Tensor1D) as tf.Tensor1D;
      const combined = dempster({ belief, uncertainty }, next);
      const column = tf.reshape(engaged, [-1, 1]);
      belief = tf.add(tf.mul(column, combined.belief), tf.mul(tf.sub(1, column), belief)) as tf.Tensor2D;
      uncertainty = tf.add(tf.mul(engaged, combined.uncertainty), tf.mul(tf.sub(1, engaged), uncertainty)) as tf.Tensor1D;
      masks.push(engaged);
    }
    return { belief, uncertainty, consulted: tf.addN(masks) as tf.Tensor1D, engaged: masks };
  });
}

/**
 * Scores for the ordinary metrics: log(b + u/C), whose softmax is exactly the projected
 * probability b_k + u/C (Σ b + u = 1), so accuracy, NLL and ECE read the combined opinion.
 */
export function opinionScores(opinion: Opinion): tf.Tensor2D {
  return tf.tidy(() => {
    const classes = opinion.belief.shape[1];
    return tf.log(tf.add(opinion.belief, tf.reshape(tf.div(opinion.uncertainty, classes), [-1, 1]))) as tf.Tensor2D;
  });
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Recurrence steps before the asymptotic series: at z ≥ 4 the first omitted terms are below 1e-7. */
const SHIFT = 3;

/**
 * log Γ(x) for x ≥ 1 (tfjs has no lgamma): shift to z = x + 3 by Γ(x) = Γ(z) / Π_{k<3}(x + k)
 * (as a sum of logs, so large x cannot overflow), then Stirling's series to 1/z⁵.
 */
export function logGamma(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    let shiftLogs: tf.Tensor = tf.log(x);
    for (let k = 1; k < SHIFT; k++) shiftLogs = tf.add(shiftLogs, tf.log(tf.add(x, k)));
    const z = tf.add(x, SHIFT);
    const inv = tf.reciprocal(z);
    const inv2 = tf.square(inv);
    const series = tf.mul(inv, tf.add(1 / 12, tf.mul(inv2, tf.add(-1 / 360, tf.mul(inv2, 1 / 1260)))));
    const stirling = tf.add(tf.sub(tf.mul(tf.sub(z, 0.5), tf.log(z)), z), tf.add(series, HALF_LOG_2PI));
    return tf.sub(stirling, shiftLogs);
  });
}

/** ψ(x) = d/dx log Γ(x) for x ≥ 1: ψ(x) = ψ(x + 3) − Σ_{k<3} 1/(x + k), asymptotic series at x + 3. */
export function digamma(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    let shift: tf.Tensor = tf.reciprocal(x);
    for (let k = 1; k < SHIFT; k++) shift = tf.add(shift, tf.reciprocal(tf.add(x, k)));
    const z = tf.add(x, SHIFT);
    const inv2 = tf.reciprocal(tf.square(z));
    const series = tf.mul(inv2, tf.add(1 / 12, tf.mul(inv2, tf.add(-1 / 120, tf.mul(inv2, 1 / 252)))));
    return tf.sub(tf.sub(tf.sub(tf.log(z), tf.div(0.5, z)), series), shift);
  });
}

/**
 * KL(Dir(α) ‖ Dir(1)) per row, for α ≥ 1:
 * log Γ(S) − log Γ(C) − Σ log Γ(α_k) + Σ (α_k − 1)(ψ(α_k) − ψ(S)), S = Σ α.
 */
export function dirichletKlToUniform(alpha: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const classes = alpha.shape[1];
    const strength = tf.sum(alpha, 1, true);
    const logNorm = tf.sub(tf.sub(logGamma(strength), logGamma(tf.scalar(classes))), tf.sum(logGamma(alpha), 1, true));
    const digammaTerm = tf.sum(tf.mul(tf.sub(alpha, 1), tf.sub(digamma(alpha), digamma(strength))), 1, true);
    return tf.reshape(tf.add(logNorm, digammaTerm), [-1]) as tf.Tensor1D;
  });
}
