import * as tf from '@tensorflow/tfjs-core';
import { shiftExperts, stopGradient, tileLabels, withoutGradient } from './aggregation';
import { crossEntropy } from './losses';
import { PAPERS } from './papers';
import { requireExperts } from './ride';
import { param, type MethodDefinition, type ParamSpec } from './types';
import { augmentView, type ViewSpec } from './views';

/**
 * MDCS's two views of each training sample. 2-D points: weak = slight jitter, strong = three
 * times as much. Images: weak = a 1-pixel shift; strong = a 2-pixel shift, pixel noise and a
 * cut-out square of a quarter of the side (the authors use flips and crops against RandAugment).
 */
export function mdcsViews(inputShape: readonly number[] | undefined): { weak: ViewSpec; strong: ViewSpec } {
  const side = inputShape?.[0] ?? 0;
  return {
    weak: { jitter: 0.03, shift: 1, noise: 0, cutout: 0 },
    strong: { jitter: 0.1, shift: 2, noise: 0.1, cutout: Math.max(1, Math.round(side / 4)) },
  };
}

/** The experts' logit shifts λ_i·log n_j in training (λ < 1 leaves a head bias, λ > 1 a tail bias at test time). */
export function mdcsShifts(counts: readonly number[], lambdas: readonly number[]): number[][] {
  return lambdas.map((l) => counts.map((n) => l * Math.log(n)));
}

/**
 * Confident instance sampling: 1 where the teacher's prediction is the label (its logit for the
 * label is the largest), else 0. Built from ops that have gradients (zero ones), so it may sit
 * on the optimiser's tape.
 */
export function confidentMask(teacher: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const target = tf.sum(tf.mul(tf.oneHot(tf.cast(labels, 'int32'), teacher.shape[1]), teacher), 1);
    return tf.cast(tf.greaterEqual(target, tf.max(teacher, 1)), 'float32') as tf.Tensor1D;
  });
}

/**
 * Per expert, the mean over its confident samples of KL(p_teacher ‖ p_student), T = 1, the
 * teacher and the mask held constant: the consistency self-distillation from each expert's weak
 * view to its strong view. Teachers and students are [n, C] per expert; an expert with no
 * confident sample distils nothing (0). Returns [K].
 */
export function consistencyDistillation(teachers: readonly tf.Tensor2D[], students: readonly tf.Tensor2D[], labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const K = teachers.length;
    const n = labels.shape[0];
    const teacher = tf.concat(teachers as tf.Tensor2D[], 0) as tf.Tensor2D;
    const mask = tf.reshape(withoutGradient([teacher], () => confidentMask(teacher, tileLabels(labels, K))), [K, n]);
    const logTeacher = stopGradient(tf.logSoftmax(teacher));
    const logStudent = tf.logSoftmax(tf.concat(students as tf.Tensor2D[], 0));
    const kl = tf.reshape(tf.sum(tf.mul(tf.exp(logTeacher), tf.sub(logTeacher, logStudent)), 1), [K, n]);
    return tf.div(tf.sum(tf.mul(mask, kl), 1), tf.maximum(tf.sum(mask, 1), 1)) as tf.Tensor1D;
  });
}

/**
 * MDCS's loss on a batch of weak views stacked over strong views ([2n, C] per expert, labels for
 * the n samples): Σ_k CE(z_k + λ_k log n) on both views + w·Σ_k KL(weak ‖ strong) on the
 * samples each expert's weak view gets right, on the shifted logits as in the authors' code.
 */
export function mdcsLoss(experts: readonly tf.Tensor2D[], labels: tf.Tensor1D, shifts: readonly number[][], distillWeight: number): tf.Scalar {
  return tf.tidy(() => {
    const K = experts.length;
    const n = labels.shape[0];
    const classes = (experts[0] as tf.Tensor2D).shape[1];
    const rows = shiftExperts(experts, shifts);
    const ce = tf.mul(crossEntropy(rows, tileLabels(labels, 2 * K)), K);
    if (distillWeight === 0) return ce as tf.Scalar;
    const views = tf.reshape(rows, [K, 2 * n, classes]);
    const part = (start: number) => tf.unstack(tf.slice(views, [0, start, 0], [K, n, classes])) as tf.Tensor2D[];
    const distill = tf.sum(consistencyDistillation(part(0), part(n), labels));
    return tf.add(ce, tf.mul(distill, distillWeight)) as tf.Scalar;
  });
}

const lambdaParam = (key: string, label: string, value: number, role: string): ParamSpec => ({
  key,
  label,
  default: value,
  min: -2,
  max: 4,
  step: 0.5,
  help: `The ${role} expert trains on z + λ·log n: below 1 it keeps a head bias, above 1 it leans to the tail.`,
});

export const mdcsMethod: MethodDefinition = {
  id: 'mdcs',
  label: 'MDCS (diverse experts + self-distillation)',
  family: 'module',
  params: [
    lambdaParam('lambdaHead', 'Head expert λ₁', -0.5, 'head'),
    lambdaParam('lambdaMedium', 'Medium expert λ₂', 1, 'medium'),
    lambdaParam('lambdaTail', 'Tail expert λ₃', 2.5, 'tail'),
    {
      key: 'distill',
      label: 'Distillation weight',
      default: 0.6,
      min: 0,
      max: 2,
      step: 0.1,
      help: 'Weight of the weak-to-strong consistency term once warmed up (0 turns self-distillation off).',
    },
    {
      key: 'warmup',
      label: 'Distillation warm-up',
      default: 0.1,
      min: 0.01,
      max: 1,
      step: 0.01,
      help: 'Fraction of training over which the distillation weight ramps up from 0 (the authors: 20 of 200 epochs).',
    },
  ],
  summary: 'Three experts pushed toward head, medium and tail classes by shifted priors, each distilling its weakly augmented view into its strongly augmented one.',
  explanation:
    'MDCS makes experts diverse on purpose: each is trained with the class prior added to its ' +
    'logits at a different strength (λ = −0.5, 1, 2.5), so one stays biased toward the head, one ' +
    'is balanced and one leans to the tail, and their mean covers all classes. To make each expert ' +
    'steadier, every sample is seen twice, lightly and strongly perturbed; the expert’s prediction ' +
    'on the light view teaches its prediction on the strong view. Only samples the teacher gets ' +
    'right are used, so a head-biased expert does not teach its mistakes on tail samples. The ' +
    'distillation is ramped in over the first tenth of training, while the experts are still poor teachers.',
  formula: String.raw`\mathcal{L} = \sum_{k=1}^{3} \Bigl[\mathrm{CE}(z_k + \lambda_k \log n, y) + w(t) \tfrac{1}{|M_k|} \sum_{i \in M_k} \mathrm{KL}\bigl(p_k(x^{\mathrm{weak}}_i) \,\Vert\, p_k(x^{\mathrm{strong}}_i)\bigr)\Bigr],\ M_k = \{i : \arg\max p_k(x^{\mathrm{weak}}_i) = y_i\},\ w(t) = 0.6 \min\bigl(\tfrac{t}{0.1}, 1\bigr)`,
  paper: PAPERS.zhao2023,
  create: ({ classCounts, params, rng, inputShape }) => {
    const shifts = mdcsShifts(classCounts, [param(params, 'lambdaHead'), param(params, 'lambdaMedium'), param(params, 'lambdaTail')]);
    const distill = param(params, 'distill');
    const warmup = param(params, 'warmup');
    const views = mdcsViews(inputShape);
    return {
      // Cosine experts (s = 30) that own the last stage, as in the authors' expert_resnet_cifar.py (use_norm: true, layer2s / layer3s per expert).
      head: { kind: 'cosine', scale: 30 },
      experts: { count: 3, labels: ['head', 'medium', 'tail'], aggregation: { kind: 'mean' }, ownStage: true },
      augmentBatch: (x) => tf.concat([augmentView(x, inputShape, views.weak, rng), augmentView(x, inputShape, views.strong, rng)]),
      loss: ({ experts, labels, progress }) =>
        mdcsLoss(requireExperts(experts), labels, shifts, distill * Math.min(progress / warmup, 1)),
    };
  },
};
