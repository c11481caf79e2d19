import type * as tf from '@tensorflow/tfjs-core';

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

export type ParamValues = Record<string, number>;

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
}

export interface LossInputs {
  logits: tf.Tensor2D;
  /** Integer labels, int32. */
  labels: tf.Tensor1D;
  /** Fraction of training done, in [0, 1]: schedules such as DRW read it. */
  progress: number;
}

/** The parts of training a method changes. Anything it leaves out is plain training. */
export interface MethodRuntime {
  /** Mean loss over the batch. Called inside tf.tidy / optimizer.minimize. */
  loss(inputs: LossInputs): tf.Scalar;
  /**
   * Relative probability of drawing each class when building an epoch (re-sampling methods).
   * Absent: every example once per epoch (instance-balanced).
   */
  classSamplingWeights?(progress: number): number[];
}

export interface MethodDefinition {
  id: string;
  label: string;
  family: MethodFamily;
  params: readonly ParamSpec[];
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
