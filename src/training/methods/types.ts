import type * as tf from '@tensorflow/tfjs-core';
import type { HeadSpec, LinearHead } from '../models/head';
import type { OptimizerSpec } from '../optim/optimizers';
import type { Rng } from '../rng';
import type { RouterSpec } from './rideRouter';

/** The families of the long-tail literature (survey taxonomy) with their names, in menu order. */
export const METHOD_FAMILIES = {
  baseline: 'Baseline',
  're-balancing': 'Class re-balancing',
  augmentation: 'Information augmentation',
  module: 'Module improvement',
} as const;
/** Which family a method belongs to. */
export type MethodFamily = keyof typeof METHOD_FAMILIES;

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
  /**
   * A choice between named options, encoded as the option's value (params are numbers, so links
   * and configs stay numeric): the panel shows a select, and the config accepts only these values.
   */
  choices?: readonly { value: number; label: string }[];
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
  /**
   * Shape of one input ([2] for 2-D points, [h, w, c] for images), for methods that augment
   * inputs (MDCS's views). Absent in unit tests that build a loss alone: flat vectors then.
   */
  inputShape?: readonly number[];
}

/** A mini-batch as the trainer hands it to a mixing method. */
export interface BatchInputs {
  x: tf.Tensor2D;
  /** Integer labels, int32. */
  labels: tf.Tensor1D;
  /** The same labels on the CPU, for per-sample rules decided in JavaScript (Remix). */
  labelValues: Int32Array;
  /** Fraction of training done (as LossInputs.progress), for mixing that stops late in training (DeiT-LT). */
  progress?: number;
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
  /**
   * With a feature module (MethodRuntime.featureModule), 2n rows: the classifier on the module's
   * features, then on the plain features; `labels` then holds the n labels twice to match.
   */
  logits: tf.Tensor2D;
  /** Integer labels y_a, int32. */
  labels: tf.Tensor1D;
  /** Fraction of training done, in [0, 1]: schedules such as DRW read it. */
  progress: number;
  /** Present when the method's mixBatch mixed this batch; `logits` are then of the mixed inputs. */
  mix?: MixedBatch;
  /**
   * Distillation (MethodRuntime.teacher): the teacher's predicted class (argmax) for each row of
   * the inputs the model saw (after mixing), int32. Absent otherwise.
   */
  teacherLabels?: tf.Tensor1D;
  /**
   * Multi-expert methods (MethodRuntime.experts): each expert's logits, in expert order, and
   * `logits` is then their aggregate (the prediction). Absent for single-head methods.
   */
  experts?: tf.Tensor2D[];
  /**
   * Contrastive methods (MethodRuntime.contrastive), stage 1: the L2-normalised projections of
   * every row the method's augmentBatch returned (its views, stacked), which the loss compares.
   */
  embedding?: tf.Tensor2D;
  /** The batch's rows of the training set, in batch order (per-example state such as SBCL's subclasses). */
  indices?: Int32Array;
  /** The training stage the step belongs to (2: a decoupled method's classifier stage). */
  stage?: 1 | 2;
  /** RIDE's router stage (ExpertsSpec.router, stage 2): each router's logit, [n, K − 1] (methods/rideRouter.ts). */
  router?: tf.Tensor2D;
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
   * 'head-and-scales': keep the trained classifier and train it together with one scale per class
   *   on its logits (MiSLAS's stage 2: classifier + LearnableWeightScaling). Stage 2 never mixes batches.
   * 'router': freeze the whole ensemble and train its router alone (RIDE's expert assignment, ExpertsSpec.router).
   */
  trains: 'head' | 'logit-scales' | 'head-and-scales' | 'router';
  /**
   * Epochs the stage adds after the run's epochs instead of taking a share of them (RIDE's
   * router: the authors train it for 5 epochs once RIDE is trained); `start` is then unused.
   * Schedules that read `progress` (DRW) run over the run's own epochs only.
   */
  addedEpochs?: number;
  /**
   * The stage's own optimiser instead of the run's (RIDE's router: the authors' SGD), its
   * learning rate annealed by a cosine over the stage's epochs, set at each epoch start, when
   * `cosine` (PyTorch's CosineAnnealingLR to 0, stepped per epoch; an SGD spec, whose rate tfjs
   * can set, over `addedEpochs`).
   */
  optimizer?: { spec: OptimizerSpec; cosine: boolean };
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
  /** The classifier head to build (every expert's head, for a multi-expert model); absent: a linear head. */
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
  /**
   * Multi-expert model: a shared backbone with `experts.count` heads of kind `head` (all the
   * same kind); the loss then receives every expert's logits (LossInputs.experts).
   */
  experts?: ExpertsSpec;
  /**
   * Augments each training batch before the forward pass (inside tf.tidy), drawing from the
   * method's Rng. It may stack several views row-wise (MDCS: weak views, then strong views of
   * the same samples); the loss then sees logits for every returned row, and labels for the
   * original batch only.
   */
  augmentBatch?(x: tf.Tensor2D): tf.Tensor2D;
  /**
   * Representation learning by a contrastive loss on a projection head (SBCL). In stage 1 the
   * trainer trains the backbone and the projection head only, on the loss of the embeddings
   * (LossInputs.embedding); the classifier is left to a second stage, which sees plain logits.
   */
  contrastive?: ContrastiveSpec;
  /**
   * A module between the backbone's features and the classifier, in training only (BatchFormer):
   * the classifier then sees the module's features and the plain ones (LossInputs says how), and
   * prediction uses the plain features alone.
   */
  featureModule?: FeatureModuleSpec;
  /**
   * Knowledge distillation (DeiT-LT): a teacher, the app's CNN with balanced softmax, is trained
   * first for `epochs` epochs in the same run (its own optimiser, weights from the 'teacher'
   * stream); then the model trains for the run's epochs and the loss receives the teacher's
   * predictions on every batch (LossInputs.teacherLabels). `progress` is then the student's.
   */
  teacher?: TeacherSpec;
}

/** What a contrastive method asks of the trainer (contrastive.ts). */
export interface ContrastiveSpec {
  /** Width of the projection head's output, the embedding (dense → ReLU → dense on the features, then L2-normalised). */
  projectionSize: number;
  /** Whether the method wants the training set's embedding at the start of this stage-1 epoch (0-based). */
  wantsEmbedding(epoch: number, epochs: number): boolean;
  /** The embeddings of the un-augmented training set (rows of `size`, training order), with the labels, at the start of `epoch`. */
  updateEmbedding(embedding: Float32Array, size: number, labels: Int32Array, epoch: number): void;
  /** What the view shows of the method's state now. */
  state(): ContrastiveState;
}

/** A contrastive method's per-example state: SBCL's subclasses. */
export interface ContrastiveState {
  /** Subclass of each training example within its class; null before the first clustering. */
  subclass: Int32Array | null;
  /** Subclasses K_c per class. */
  perClass: readonly number[];
  /** Class-adaptive temperature per class. */
  temperatures: readonly number[];
  /** The epoch at whose start the subclasses were last computed; −1 before the first. */
  epoch: number;
}

/**
 * BatchFormer's module (models/batchTransformer.ts): one post-norm transformer encoder layer whose
 * sequence is the mini-batch, so each sample attends to every other sample of the batch.
 */
export interface FeatureModuleSpec {
  kind: 'batch-transformer';
  /** Attention heads (the largest count up to this that divides the feature width). */
  heads: number;
  /** Dropout probability of the attention weights, the residual branches and the feed-forward layer. */
  dropout: number;
  /** The module's learning rate as a multiple of the run's (BatchFormer: 0.1). */
  learningRateScale: number;
}

/** What a distilling method asks of its teacher (see MethodRuntime.teacher). */
export interface TeacherSpec {
  /** Epochs the teacher trains before the model. */
  epochs: number;
}

/** What a multi-expert method asks of the model (models/experts.ts) and of prediction. */
export interface ExpertsSpec {
  /** Number of expert heads K (2–4). */
  count: number;
  /** One short label per expert for the views, e.g. 'head (forward)', 'balanced', 'tail (backward)'. */
  labels: readonly string[];
  aggregation: ExpertAggregation;
  /**
   * Each expert owns the backbone's later layers (the MLP's last hidden layer, the CNN's last conv
   * block and dense layer) on top of the shared earlier ones, as RIDE's ResNets give each expert
   * its own later blocks (layer2s / layer3s in the authors' ride_resnet_cifar.py). Absent: only
   * the heads differ.
   */
  ownStage?: boolean;
  /**
   * With ownStage on the CNN: the share of the full width each expert's own stage gets. Absent:
   * EXPERT_WIDTH (¾, the authors' reduce_dimension in RIDE, SADE and MDCS); TLC's ResNet has
   * no reduction (1).
   */
  stageWidth?: number;
  /**
   * RIDE's expert assignment (methods/rideRouter.ts): a router drawn after the heads, trained
   * alone in the method's 'router' second stage; once that stage starts, prediction routes each
   * sample through the experts and the view shows how many each consulted. Absent: no router.
   */
  router?: RouterSpec;
  /**
   * DeiT: a ViT with a CLS and a DIST token, expert k's head on token k's features (count 2);
   * the model kind must be 'vit'.
   */
  perToken?: boolean;
}

/**
 * How the experts' outputs become the prediction that every metric uses.
 * - 'mean': the mean of the expert logits (RIDE, MDCS).
 * - 'weighted': Σ_k softmax(w)_k · z_k with learnable weights w, equal (w = 0) during training
 *   and learned after it on unlabelled test inputs (SADE's test-time self-supervised aggregation).
 * - 'evidential': Dempster's combination of the experts' subjective opinions, expert by expert,
 *   each sample stopping once its combined uncertainty falls below `threshold` (TLC's dynamic
 *   engagement); the scores are log(b + u/C), whose softmax is the projected probability b + u/C.
 */
export type ExpertAggregation =
  | { kind: 'mean' }
  | { kind: 'weighted'; testTime: TestTimeAggregationSpec }
  | { kind: 'evidential'; threshold: number };

/** SADE's test-time aggregation: SGD on the weights w alone, network frozen. */
export interface TestTimeAggregationSpec {
  /** Passes over the unlabelled test inputs. */
  epochs: number;
  learningRate: number;
  /** SGD momentum (SADE: 0.9, Nesterov). */
  momentum: number;
  /** L2 weight decay on w (SADE: 5e-4); absent: none. */
  weightDecay?: number;
  batchSize: number;
  /** Training stops after a pass that ends with a weight softmax(w)_k below this (SADE: 0.05, checked once per epoch). */
  minWeight: number;
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
  /** The model kind the method needs (DeiT-LT: 'vit'); absent: any. The config schema refuses others. */
  model?: 'vit';
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
