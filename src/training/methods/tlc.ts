import * as tf from '@tensorflow/tfjs-core';
import { tileLabels, withoutGradient } from './aggregation';
import { ldamDrwSchedule } from './classStats';
import { combineWithEngagement, dirichletKlToUniform, evidence, opinionOf } from './evidential';
import { DRW_START, EXPERT_COUNT, expertCount, numberedExperts } from './expertParams';
import { PAPERS } from './papers';
import { requireExperts } from './ride';
import { param, type MethodDefinition } from './types';

/** Largest LDAM margin, as in the authors' code. */
/** Cosine scale s of the experts' heads, the authors' 30. */
export const TLC_SCALE = 30;
/**
 * The KL term reads evidence of logits clamped to ≤ 10 (e ≤ 22,026): at e³⁰, log Γ(α) ≈ 10¹⁴,
 * where float32 steps by 10⁷ and the KL's value would be noise. Above the clamp only the NLL
 * pushes a wrong class's logit down.
 */
const KL_LOGIT_CLAMP = 10;

export interface TlcLossOptions {
  margins: readonly number[];
  scale: number;
  /** DRW's per-class weights of the NLL (all 1 before DRW starts). */
  classWeights: readonly number[];
  /** Weight of the KL term now (annealed). */
  klWeight: number;
  /** Dynamic engagement: expert k > 1 trains on the samples whose combined uncertainty so far is ≥ this. */
  threshold: number;
}

/**
 * One expert's evidential loss per sample. NLL: −log(α_y / S) with α = exp(z − s·m_y·e_y), the
 * authors' form (LDAM's margin on the target logit; no +1, so it is LDAM's cross-entropy: with
 * α = e + 1 a target logit far below the others gets evidence ≈ 0, α_y ≈ 1 and no gradient,
 * and our tail classes were never learned, Few 0.000 on seeds 1–3). KL(Dir(α̃) ‖ Dir(1)) with
 * α̃ = y + (1 − y)·(e + 1): it penalises evidence for the wrong classes only (e clamped, see above).
 */
export function evidentialTerms(logits: tf.Tensor2D, labels: tf.Tensor1D, margins: readonly number[], scale: number): { nll: tf.Tensor1D; kl: tf.Tensor1D } {
  return tf.tidy(() => {
    const onehot = tf.oneHot(tf.cast(labels, 'int32'), logits.shape[1]);
    const m = tf.reshape(tf.mul(tf.gather(tf.tensor1d(Array.from(margins)), labels), scale), [-1, 1]);
    const nll = tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(tf.sub(logits, tf.mul(onehot, m)) as tf.Tensor2D)), 1));
    const alphaTilde = tf.add(onehot, tf.mul(tf.sub(1, onehot), tf.add(evidence(logits, KL_LOGIT_CLAMP), 1))) as tf.Tensor2D;
    return { nll: nll as tf.Tensor1D, kl: dirichletKlToUniform(alphaTilde) };
  });
}

/**
 * TLC's loss: Σ_k over the samples that engage expert k of [w_y·NLL (weighted mean, DRW's
 * weights) + κ·KL (mean)]. Engagement follows the test-time rule on the experts' opinions, held
 * constant: every sample trains expert 1, and expert k only the samples still uncertain after
 * experts 1…k−1, as in the authors' code. All experts' rows go through the loss at once.
 */
export function tlcLoss(experts: readonly tf.Tensor2D[], labels: tf.Tensor1D, options: TlcLossOptions): tf.Scalar {
  return tf.tidy(() => {
    const K = experts.length;
    const n = labels.shape[0];
    const engaged = withoutGradient(experts, () => tf.stack(combineWithEngagement(experts.map(opinionOf), options.threshold).engaged));
    const labelsK = tileLabels(labels, K);
    const { nll, kl } = evidentialTerms(tf.concat(experts as tf.Tensor2D[], 0) as tf.Tensor2D, labelsK, options.margins, options.scale);
    const gw = tf.mul(engaged, tf.reshape(tf.gather(tf.tensor1d(Array.from(options.classWeights)), labelsK), [K, n]));
    const nllMean = tf.div(tf.sum(tf.mul(gw, tf.reshape(nll, [K, n])), 1), tf.maximum(tf.sum(gw, 1), 1e-12));
    const klMean = tf.div(tf.sum(tf.mul(engaged, tf.reshape(kl, [K, n])), 1), tf.maximum(tf.sum(engaged, 1), 1));
    return tf.sum(tf.add(nllMean, tf.mul(klMean, options.klWeight))) as tf.Scalar;
  });
}

export const tlcMethod: MethodDefinition = {
  id: 'tlc',
  label: 'TLC (trustworthy experts)',
  family: 'module',
  params: [
    EXPERT_COUNT,
    {
      key: 'threshold',
      label: 'Engagement threshold',
      default: 0.1,
      min: 0,
      max: 1,
      step: 0.01,
      help: 'A sample consults the next expert while its combined uncertainty is at least this: 0 consults every expert, higher lets easy samples stop early.',
    },
    {
      key: 'klWeight',
      label: 'KL weight',
      default: 0.5,
      min: 0,
      max: 2,
      step: 0.05,
      help: 'Final weight of the penalty on evidence for wrong classes, annealed in from 0 over training: higher makes the model admit more uncertainty.',
    },
    DRW_START,
  ],
  summary: 'Evidential experts that each report how unsure they are; opinions are fused by Dempster’s rule and easy samples stop consulting experts early.',
  explanation:
    'A model should know when it does not know, and on long-tailed data it is most often wrong on ' +
    'the tail. TLC makes every expert output evidence for each class, read as a Dirichlet ' +
    'distribution: lots of evidence for one class is a confident vote, little evidence overall ' +
    'leaves a large uncertainty u = C / S. The experts’ opinions are fused two at a time by ' +
    'Dempster’s rule, which strengthens agreement and discounts conflict. A sample whose fused ' +
    'uncertainty is already low stops consulting further experts; hard samples, which are mostly ' +
    'tail samples, use them all. Training uses LDAM’s margins, deferred re-weighting and a penalty ' +
    'on evidence for wrong classes, so the uncertainty ends up higher on tail classes and on the ' +
    'predictions that turn out wrong.',
  formula: String.raw`e = \exp(z),\ \alpha = e + 1,\ S = \textstyle\sum_j \alpha_j,\ b = e / S,\ u = C / S, \qquad b = \frac{b^1 b^2 + b^1 u^2 + b^2 u^1}{1 - C_f},\ u = \frac{u^1 u^2}{1 - C_f},\ C_f = \sum_{j \ne k} b^1_j b^2_k, \qquad \mathcal{L}_k = w_y \log \frac{S}{\alpha_y} + \kappa_t\, \mathrm{KL}\bigl(\mathrm{Dir}(\tilde\alpha) \,\Vert\, \mathrm{Dir}(\mathbf 1)\bigr)`,
  paper: PAPERS.li2022,
  create: ({ classCounts, params }) => {
    const count = expertCount(param(params, 'experts'));
    const { margins, classWeights } = ldamDrwSchedule(classCounts, param(params, 'drwStart'));
    const threshold = param(params, 'threshold');
    const klWeight = param(params, 'klWeight');
    return {
      head: { kind: 'cosine', scale: TLC_SCALE },
      experts: { count, labels: numberedExperts(count), aggregation: { kind: 'evidential', threshold } },
      loss: ({ experts, labels, progress }) =>
        tlcLoss(requireExperts(experts), labels, {
          margins,
          scale: TLC_SCALE,
          classWeights: classWeights(progress),
          klWeight: klWeight * progress,
          threshold,
        }),
    };
  },
};
