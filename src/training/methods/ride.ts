import * as tf from '@tensorflow/tfjs-core';
import { stackExperts, tileLabels, withoutGradient } from './aggregation';
import { ldamDrwSchedule } from './classStats';
import { classBalancedInStage2 } from './crt';
import { DRW_START, EXPERT_COUNT, expertCount, numberedExperts } from './expertParams';
import { ldamLoss } from './losses';
import { PAPERS } from './papers';
import { ROUTER, ROUTER_HIDDEN, ROUTER_POS_WEIGHT, ROUTER_STAGE, routerLoss, routerTopChoices } from './rideRouter';
import { param, type MethodDefinition } from './types';

/** LDAM's cosine scale s = 30, as in ldamDrw.ts (margins and DRW weights: classStats.ldamDrwSchedule). */
const SCALE = 30;

/**
 * RIDE's diversity temperature per class after DRW (authors' model/loss.py, RIDELoss.__init__,
 * reweight_factor 0.05): T_j = T·w_j with w_j ∝ C·π_j·0.05 + 0.95, scaled so max w_j = 1, i.e.
 * rare classes get a slightly lower temperature (sharper distributions compared). Before DRW: T.
 */
export function rideTemperatures(classCounts: readonly number[], temperature: number, reweightFactor = 0.05): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const C = classCounts.length;
  const w = classCounts.map((n) => C * (n / total) * reweightFactor + 1 - reweightFactor);
  const max = Math.max(...w);
  return w.map((v) => (temperature * v) / max);
}

/**
 * RIDE's diversity term of each expert, before its factor: T̄²·mean_i KL(p̄_i ‖ p_{k,i}) with
 * p_k = softmax(z_k / T) and p̄ = softmax(mean_k z_k / T) held constant (the authors compute it
 * under no_grad). T is one number or one per class (after DRW); T̄ is its mean over classes, as
 * the authors' `temperature_mean`. One value per expert, [K].
 */
export function rideDiversity(experts: readonly tf.Tensor2D[], temperature: number | readonly number[]): tf.Tensor1D {
  return tf.tidy(() => {
    const T = typeof temperature === 'number' ? tf.scalar(temperature) : tf.tensor1d(temperature as number[]);
    const tMean = typeof temperature === 'number' ? temperature : temperature.reduce((a, b) => a + b, 0) / temperature.length;
    const logMean = withoutGradient(experts, () => tf.logSoftmax(tf.div(tf.div(tf.addN(experts as tf.Tensor2D[]), experts.length), T)));
    const logP = tf.logSoftmax(tf.div(stackExperts(experts), T));
    const kl = tf.sum(tf.mul(tf.exp(logMean), tf.sub(logMean, logP)), 2);
    return tf.mul(tf.mean(kl, 1), tMean * tMean) as tf.Tensor1D;
  });
}

/**
 * Σ_k [LDAM-DRW(z_k) − λ·T²·KL(p̄ ‖ p_k)]: each expert learns the whole task with LDAM's margins,
 * and the negative KL term rewards it for disagreeing with the ensemble (summed over experts as
 * in the authors' code). The experts' rows are stacked so that LDAM runs once for all of them:
 * K × the weighted mean over K·n rows is the sum of the K weighted means (same labels, same weights).
 */
export function rideLoss(
  experts: readonly tf.Tensor2D[],
  labels: tf.Tensor1D,
  ldam: { margins: readonly number[]; scale: number; classWeights: readonly number[] },
  lambda: number,
  temperature: number | readonly number[],
): tf.Scalar {
  return tf.tidy(() => {
    const K = experts.length;
    const rows = tf.concat(experts as tf.Tensor2D[], 0) as tf.Tensor2D;
    const ldamSum = tf.mul(ldamLoss(rows, tileLabels(labels, K), ldam.margins, ldam.scale, ldam.classWeights), K);
    return tf.sub(ldamSum, tf.mul(tf.sum(rideDiversity(experts, temperature)), lambda)) as tf.Scalar;
  });
}

/** The expert logits a multi-expert loss was handed (the trainer always passes them when the method declares experts). */
export function requireExperts(experts: tf.Tensor2D[] | undefined): tf.Tensor2D[] {
  if (!experts) throw new Error('This loss needs every expert’s logits (a multi-expert model).');
  return experts;
}

export const rideMethod: MethodDefinition = {
  id: 'ride',
  label: 'RIDE (diverse experts)',
  family: 'module',
  params: [
    EXPERT_COUNT,
    {
      key: 'lambda',
      label: 'Diversity λ',
      default: 0.2,
      min: 0,
      max: 1,
      step: 0.05,
      help: 'Weight of the reward for disagreeing with the ensemble: 0 trains K copies of LDAM-DRW, larger values push the experts apart.',
    },
    {
      key: 'temperature',
      label: 'Temperature T',
      default: 1,
      min: 0.5,
      max: 5,
      step: 0.5,
      help: 'Softens the distributions compared by the diversity term (its T² keeps the gradient scale).',
    },
    DRW_START,
    ROUTER,
  ],
  summary: 'Several experts on one backbone, each trained with LDAM-DRW and rewarded for disagreeing with the others; predict with their mean.',
  explanation:
    'One classifier trained on long-tailed data is both biased toward the head and unstable on ' +
    'the tail: retrain it and the tail predictions change. RIDE trains K experts that share the ' +
    'first layers, each with its own later layers (on the CNN its last conv block and dense layer, ' +
    'at ¾ width as in the authors’ code, so that three experts cost about one network) and its own ' +
    'classifier head, each with the tail-friendly LDAM-DRW loss. On its own that would give K near-copies, so every expert is also rewarded for ' +
    'disagreeing with the ensemble (a KL term with a negative sign). Averaging diverse experts ' +
    'cancels much of their individual noise, which helps most where data are scarce: the tail. ' +
    'The paper also learns a router that lets easy samples stop early to save compute (RIDE-EA): ' +
    'with Router set to Learned, 5 more epochs after training train only a small router, which ' +
    'reads each expert’s features and the top scores of the experts’ mean so far and predicts ' +
    'whether the experts after it would turn a wrong prediction right; at test time a sample ' +
    'stops at the first expert whose router says no, and the experts panel counts how many it ' +
    'consulted. On the long-tailed blobs (10 classes, ρ 100, 3 experts; seeds 1–3) samples then ' +
    'use 1.6 experts instead of 3 (1.3–1.9 by seed) at 73.4 % balanced accuracy against 73.5 % ' +
    'with every expert and 70.3 % for the first expert alone, Many and Few within 0.3 points; on ' +
    'digits-LT with the CNN 1.65 experts at 83.5 against 84.7 % (first expert 76.3 %), Few 71.8 ' +
    'against 73.7 %: there the saving costs about a point. ' +
    'Off by default: every sample uses every expert, as RIDE without the router. On the reference scenario (Fashion-MNIST-LT, ρ 100, the ' +
    'reference CNN, Adam 1e-3, 10 epochs; seeds 0–2, docs/fidelity.md) RIDE beats LDAM-DRW overall ' +
    '(81.0 against 80.3 %) but not on Few (89.0 against 90.1 %; the two Few classes have 16 and 10 ' +
    'training images); PyTorch, on the same exports, gives 81.1 / 89.5 against 80.2 / 87.6, so that ' +
    'Few gap is within the spread between the two backends. On digits-LT with the CNN (seeds 1–3) ' +
    'RIDE beats LDAM-DRW clearly: balanced 84.7 against 77.7 %, Few 73.7 against 68.3 %.',
  formula: String.raw`\mathcal{L} = \sum_{k=1}^{K} \Bigl[\mathcal{L}_{\mathrm{LDAM\text{-}DRW}}(z_k, y) - \lambda\, T^2\, \mathrm{KL}\bigl(\bar p \,\Vert\, p_k\bigr)\Bigr],\quad p_k = \mathrm{softmax}(z_k / T),\ \bar p = \mathrm{softmax}\Bigl(\tfrac{1}{K}\sum_k z_k / T\Bigr), \qquad \hat z = \tfrac{1}{K}\sum_k z_k`,
  paper: PAPERS.wang2021,
  create: ({ classCounts, params }) => {
    const count = expertCount(param(params, 'experts'));
    const { margins, classWeights } = ldamDrwSchedule(classCounts, param(params, 'drwStart'));
    const lambda = param(params, 'lambda');
    const temperature = param(params, 'temperature');
    const drwStart = param(params, 'drwStart');
    const perClass = rideTemperatures(classCounts, temperature);
    const router = param(params, 'router') === 1 ? { hidden: ROUTER_HIDDEN, topChoices: routerTopChoices(classCounts.length), posWeight: ROUTER_POS_WEIGHT } : undefined;
    return {
      head: { kind: 'cosine', scale: SCALE },
      // Each expert owns the last hidden layer (MLP) or the last conv block and dense layer at ¾ width (CNN), as each owns layer2 and layer3 in the authors' code.
      experts: { count, labels: numberedExperts(count), aggregation: { kind: 'mean' }, ownStage: true, ...(router ? { router } : {}) },
      // The router's stage (rideRouter.ts): 5 added epochs, class-balanced, the router alone.
      ...(router ? { secondStage: ROUTER_STAGE, classSamplingWeights: classBalancedInStage2(classCounts.length) } : {}),
      loss: ({ experts, labels, progress, stage, router: routed }) => {
        if (stage === 2 && routed && router) return routerLoss(routed, requireExperts(experts), labels, router.posWeight);
        const ldam = { margins, scale: SCALE, classWeights: classWeights(progress) };
        return rideLoss(requireExperts(experts), labels, ldam, lambda, progress >= drwStart ? perClass : temperature);
      },
    };
  },
};
