import type * as tf from '@tensorflow/tfjs-core';
import type { HeadSpec, LinearHead } from '../models/head';
import type { Rng } from '../rng';

/** Which family of the long-tail literature a method belongs to (survey taxonomy). */
export type MethodFamily = 'baseline' | 're-balancing' | 'augmentation' | 'module';

/** A numeric parameter of a method, with the bounds the UI and the share-link schema enforce. */
export interface ParamSpec {
  key: string;
  label: string;
  default: number;
  min: number;
  max: number;
  step: number;
  /** One sentence: what moving it does. */
  help: string;
}

/** Parameter values by ParamSpec key. */
export type ParamValues = Record<string, number>;

/** The paper a method comes from, for the method card. */
export interface PaperRef {
  title: string;
  authors: string;
  venue: string;
  year: number;
  url: string;
}

/** What a method knows about the data when it is built. */
export interface MethodContext {
  /** Training examples per class n_j. */
  classCounts: readonly number[];
  params: ParamValues;
  /**
   * The run's augmentation stream (Rng.forPurpose(seed, 'augment')): the only randomness a
   * method may draw, so that runs stay reproducible from the seed.
   */
  rng: Rng;
}

/** A mini-batch as the trainer hands it to a mixing method. */
export interface BatchInputs {
  x: tf.Tensor2D;
  /** Integer labels, int32. */
  labels: tf.Tensor1D;
  /** The same labels on the CPU, for per-sample rules decided in JavaScript (Remix). */
  labelValues: Int32Array;
}

/**
 * A mixed batch (mixup family): inputs x̃ = λ·x_a + (1 − λ)·x_b, and soft targets that give
 * each sample weight `weightA` on its own label y_a and 1 − weightA on its partner's label y_b.
 */
export interface MixedBatch {
  x: tf.Tensor2D;
  /** The partner's label y_b of each sample, int32. */
  labelsB: tf.Tensor1D;
  /** Per-sample weight of y_a, in [0, 1]: λ for mixup, λ, 0 or 1 for Remix. */
  weightA: tf.Tensor1D;
  /** The batch's mixing coefficient λ (one per batch, as in the authors' code). */
  lambda: number;
}

/** What a method's loss sees for one mini-batch. */
export interface LossInputs {
  logits: tf.Tensor2D;
  /** Integer labels y_a, int32. */
  labels: tf.Tensor1D;
  /** Fraction of training done, in [0, 1]: schedules such as DRW read it. */
  progress: number;
  /** Present when the method's mixBatch mixed this batch; `logits` are then of the mixed inputs. */
  mix?: MixedBatch;
}

/**
 * Decoupled training (Kang et al.): after stage 1 learns the representation, stage 2 freezes the
 * backbone and trains only the classifier. Stage 2 starts at an epoch boundary, with a fresh
 * optimiser, and samples by the method's classSamplingWeights(progress, 2).
 */
export interface SecondStageSpec {
  /** Fraction of training after which stage 2 starts (rounded to an epoch boundary). */
  start: number;
  /**
   * 'head': re-initialise the linear classifier from the seeded init stream and retrain it (cRT).
   * 'logit-scales': freeze the classifier too and learn one scale per class on its logits (LWS).
   */
  trains: 'head' | 'logit-scales';
}

/** The parts of training a method changes. Anything it leaves out is plain training. */
export interface MethodRuntime {
  /** Mean loss over the batch. Called inside tf.tidy / optimizer.minimize. */
  loss(inputs: LossInputs): tf.Scalar;
  /**
   * Relative probability of drawing each class when building an epoch (re-sampling methods),
   * called at each epoch start. Absent, or undefined returned: every example once per epoch
   * (instance-balanced).
   */
  classSamplingWeights?(progress: number, stage: 1 | 2): number[] | undefined;
  /** The classifier head to build; absent: a linear head. */
  head?: HeadSpec;
  /** Mixes each training batch (called inside tf.tidy, before the forward pass). */
  mixBatch?(batch: BatchInputs): MixedBatch;
  /** A decoupled second stage; absent: one stage. */
  secondStage?: SecondStageSpec;
  /**
   * Rewrites the trained linear head for prediction only (τ-norm, post-hoc logit adjustment),
   * given the live knob's value. Called inside tf.tidy; training never sees it.
   */
  predictionHead?(head: LinearHead, posthoc: number): LinearHead;
}

export interface MethodDefinition {
  id: string;
  label: string;
  family: MethodFamily;
  params: readonly ParamSpec[];
  /**
   * The live post-hoc knob (τ of post-hoc logit adjustment or τ-norm): a slider that changes
   * predictions of a trained model without retraining (Trainer.setPosthoc). Its key is one of
   * `params`, so its initial value comes from the config.
   */
  posthoc?: ParamSpec;
  /** One line for menus. */
  summary: string;
  /** One paragraph for the method card: what it does to the tail and why. */
  explanation: string;
  /** The loss or rule, in TeX. */
  formula: string;
  paper?: PaperRef;
  create(context: MethodContext): MethodRuntime;
}

/** Defaults filled in, unknown keys dropped. */
export function resolveParams(method: MethodDefinition, given: ParamValues = {}): ParamValues {
  return Object.fromEntries(method.params.map((p) => [p.key, given[p.key] ?? p.default]));
}

/** A resolved parameter by key (resolveParams fills every key, so a miss is a programming error). */
export function param(params: ParamValues, key: string): number {
  const value = params[key];
  if (value === undefined) throw new Error(`missing method parameter "${key}"`);
  return value;
}
