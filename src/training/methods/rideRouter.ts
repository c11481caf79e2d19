import * as tf from '@tensorflow/tfjs-core';
import { createDense, applyDense, denseVariables, type DenseLayer } from '../models/dense';
import { normaliseRows } from '../models/head';
import type { Rng } from '../rng';
import type { ParamSpec, SecondStageSpec } from './types';

/**
 * RIDE's expert assignment (the authors' model/ldam_drw_resnets/ea_resnet_cifar.py, "RIDE-EA"):
 * after the experts are trained, a small router learns, for each expert i < K − 1, whether the
 * experts after it would still help a sample; at test time a sample stops at the first expert
 * whose router says no, and its prediction is the mean of the experts it consulted.
 */
export interface RouterSpec {
  /** Width of each router's hidden layer (the authors' expert_hidden_fc_output_dim: 16). */
  hidden: number;
  /** How many of the cumulative mean logits' largest values the router reads (the authors' top_choices_num). */
  topChoices: number;
  /** Weight of the positive ("a later expert helps") targets in the binary cross-entropy (the authors' pos_weight: 100). */
  posWeight: number;
}

/** RIDE's router switch, as a choice (params are numbers). Off by default: RIDE as trained, every sample through every expert. */
export const ROUTER: ParamSpec = {
  key: 'router',
  label: 'Router (expert assignment)',
  default: 0,
  min: 0,
  max: 1,
  step: 1,
  help: 'Learned: after training, 5 more epochs train a small router alone that lets each test sample stop at the first expert after which the others would not help.',
  choices: [
    { value: 0, label: 'Off: every expert' },
    { value: 1, label: 'Learned (RIDE-EA)' },
  ],
};

/**
 * The router's stage as the authors' config_*_ride_ea.json trains it once RIDE is trained: 5
 * epochs, class-balanced sampling, SGD lr 0.01, Nesterov momentum 0.9, weight decay 5e-4, cosine
 * annealing to 0. Their batch is 512; ours stays the run's batch size (same steps per epoch).
 */
export const ROUTER_STAGE: SecondStageSpec = {
  start: 1,
  trains: 'router',
  addedEpochs: 5,
  optimizer: { spec: { kind: 'sgd', learningRate: 0.01, momentum: 0.9, nesterov: true, weightDecay: 5e-4 }, cosine: true },
};

/** The authors' hidden width, expert_hidden_fc_output_dim. */
export const ROUTER_HIDDEN = 16;
/** pos_weight in every one of the authors' RIDE-EA configs (CIFAR-100, ImageNet-LT, iNaturalist). */
export const ROUTER_POS_WEIGHT = 100;

/**
 * top_choices_num for C classes: the authors read 30 of CIFAR-100's 100 logits (and 50 of
 * ImageNet-LT's 1000); we keep CIFAR's fraction, 30 % of C rounded, but at least 2, so that the
 * router always sees the margin between the first and the second class (2 of 5 classes, 3 of 10).
 */
export function routerTopChoices(classes: number): number {
  return Math.min(classes, Math.max(2, Math.round(0.3 * classes)));
}

/** The router's weights: one hidden layer per expert 0…K−2 (its features → hidden), and one shared output layer. */
export interface Router {
  spec: RouterSpec;
  hidden: DenseLayer[];
  /** (topChoices + hidden) → 1, shared by every expert (share_expert_help_pred_fc). */
  out: DenseLayer;
  variables: tf.Variable[];
}

/** Drawn from `rng` in the authors' module order: the K − 1 hidden layers, then the shared output layer. */
export function createRouter(spec: RouterSpec, featureSize: number, experts: number, rng: Rng): Router {
  const hidden = Array.from({ length: experts - 1 }, () => createDense(featureSize, spec.hidden, rng));
  const out = createDense(spec.topChoices + spec.hidden, 1, rng);
  return { spec, hidden, out, variables: [...hidden.flatMap(denseVariables), ...denseVariables(out)] };
}

/**
 * Router i's logit "experts after i would help" for every sample, [n, K − 1]: its hidden layer on
 * expert i's own features (L2-normalised first), ReLU, next to the top-k values of the mean
 * logits of experts 0…i (the authors' output / (i + 1)), through the shared output layer. The
 * authors concatenate [top-k, hidden] in that order.
 */
export function routerLogits(router: Router, features: readonly tf.Tensor2D[], logits: readonly tf.Tensor2D[]): tf.Tensor2D {
  return tf.tidy(() => {
    const columns = router.hidden.map((layer, i) => {
      const h = tf.relu(applyDense(layer, normaliseRows(features[i] as tf.Tensor2D)));
      const cumulative = tf.div(tf.addN(logits.slice(0, i + 1) as tf.Tensor2D[]), i + 1);
      const top = tf.topk(cumulative, router.spec.topChoices).values as tf.Tensor2D;
      return applyDense(router.out, tf.concat([top, h], 1));
    });
    return tf.concat(columns, 1) as tf.Tensor2D;
  });
}

/**
 * Whether the cumulative prediction of experts 0…i is right, per sample and i: [n, K] of 0 / 1.
 * argmax of the sum is argmax of the mean; ties go to the lower class in both backends.
 */
function cumulativeCorrect(logits: readonly tf.Tensor2D[], labels: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    let sum: tf.Tensor2D | null = null;
    const columns: tf.Tensor1D[] = [];
    for (const z of logits) {
      sum = sum ? (tf.add(sum, z) as tf.Tensor2D) : z;
      columns.push(tf.cast(tf.equal(tf.argMax(sum, 1), labels), 'float32') as tf.Tensor1D);
    }
    return tf.stack(columns, 1) as tf.Tensor2D;
  });
}

/**
 * Router i's target: the experts so far are wrong and some longer prefix 0…j (j > i) is right,
 * [n, K − 1] of 0 / 1 (the authors' (~correctness[:, i]) & correctness[:, i+1:].any(dim=1)).
 */
export function routerTargets(logits: readonly tf.Tensor2D[], labels: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const correct = cumulativeCorrect(logits, labels);
    const K = logits.length;
    const columns = Array.from({ length: K - 1 }, (_, i) => {
      const wrong = tf.sub(1, tf.slice(correct, [0, i], [-1, 1]));
      const laterRight = tf.max(tf.slice(correct, [0, i + 1], [-1, K - 1 - i]), 1, true);
      return tf.mul(wrong, laterRight);
    });
    return tf.concat(columns, 1) as tf.Tensor2D;
  });
}

/**
 * Mean over the K − 1 routers of binary cross-entropy with logits and pos_weight w, in PyTorch's
 * stable form (1 − t)·x + (1 + (w − 1)·t)·softplus(−x), averaged over the batch per router, as
 * the authors' loss / (num_experts − 1). The targets come from the frozen experts: no gradient.
 */
export function routerLoss(router: tf.Tensor2D, experts: readonly tf.Tensor2D[], labels: tf.Tensor1D, posWeight: number): tf.Scalar {
  return tf.tidy(() => {
    const t = routerTargets(experts, labels);
    const weight = tf.add(1, tf.mul(t, posWeight - 1));
    const perEntry = tf.add(tf.mul(tf.sub(1, t), router), tf.mul(weight, tf.softplus(tf.neg(router))));
    return tf.mean(perEntry) as tf.Scalar;
  });
}

/**
 * The routed prediction: expert 0 for everyone; expert i + 1 only for samples still going whose
 * router i says yes (sigmoid > ½, i.e. logit > 0); scores = mean of the consulted experts'
 * logits, and how many each consulted (1…K). Every expert is computed for every row here (the
 * app's models are small); the count is what the router would save.
 */
export function routedPrediction(router: tf.Tensor2D, logits: readonly tf.Tensor2D[]): { scores: tf.Tensor2D; consulted: tf.Tensor1D } {
  return tf.tidy(() => {
    let going = tf.onesLike(tf.slice(router, [0, 0], [-1, 1]));
    let sum = logits[0] as tf.Tensor2D;
    let count = going;
    for (let i = 1; i < logits.length; i++) {
      going = tf.mul(going, tf.cast(tf.greater(tf.slice(router, [0, i - 1], [-1, 1]), 0), 'float32'));
      sum = tf.add(sum, tf.mul(logits[i] as tf.Tensor2D, going));
      count = tf.add(count, going);
    }
    return { scores: tf.div(sum, count) as tf.Tensor2D, consulted: tf.reshape(count, [-1]) as tf.Tensor1D };
  });
}
