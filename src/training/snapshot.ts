import type { SplitAccuracy } from './metrics/accuracy';
import type { Reliability } from './metrics/calibration';
import type { WeightSpectrum } from './measures/spectrum';

/** Predicted class and confidence over a size × size grid covering the data's extent. */
export interface DecisionGrid {
  size: number;
  min: number;
  max: number;
  /** Row-major, row 0 at the bottom (lowest y). */
  predicted: Uint8Array;
  confidence: Float32Array;
}

export interface TestEvaluation {
  loss: number;
  accuracy: number;
  /** Mean of per-class accuracies: accuracy on a uniform test distribution. */
  balancedAccuracy: number;
  perClass: Float32Array;
  splits: SplitAccuracy;
  reliability: Reliability;
  /** C × C counts, row-major: row = true class, column = predicted class. */
  confusion: Float32Array;
  /** Mean probability the model gives the true class, per class (NaN for a class absent from the test set). */
  perClassProb?: Float32Array;
  /** The mean of perClassProb over the classes of Many / Medium / Few. */
  splitProb?: SplitAccuracy;
}

/**
 * How the experts of a multi-expert model (RIDE, SADE, MDCS, TLC) do and differ on the test set.
 * Matrices are row-major Float32Arrays; K = count, C = classes.
 */
export interface ExpertsSnapshot {
  /** Number of experts K. */
  count: number;
  /** One label per expert, e.g. 'head (forward)', 'balanced', 'tail (backward)'. */
  labels: string[];
  /** Accuracy of expert k on class j at [k·C + j] (K × C); NaN for a class absent from the test set. */
  perClass: Float32Array;
  /** Mean per-class accuracy of expert k in Many / Medium / Few at [k·3 + 0 / 1 / 2] (K × 3); NaN for an empty split. */
  splits: Float32Array;
  /** Fraction of test samples on which experts i and j predict different classes, at [i·K + j] (K × K, symmetric, zero diagonal). */
  disagreement: Float32Array;
  /** Mean over test samples of KL(p_i ‖ p_j) between expert predictions (softmax of each expert's logits), at [i·K + j] (K × K). */
  kl: Float32Array;
  /**
   * The aggregation weights softmax(w)_k of the output Σ_k softmax(w)_k z_k (SADE): equal during
   * training, learned by the test-time aggregation afterwards. Absent for other methods.
   */
  aggregationWeights?: Float32Array;
  /**
   * TLC: uncertainty u = C / S of the combined opinion — mean per true class (length C; NaN for
   * an absent class), and mean over right and over wrong predictions (NaN when there are none).
   */
  uncertainty?: { perClass: Float32Array; right: number; wrong: number };
  /** TLC (dynamic engagement) and RIDE's router once it routes: number of test samples that consulted 1, 2, …, K experts (length K). */
  consulted?: Float32Array;
}

/**
 * SBCL's view (contrastive.ts): a sample of training points (all of a small class, up to 60 of
 * a large one) with their class, their current subclass and their embedding projected on its
 * first two principal components (row-major [points × 2]); `input` their 2-D inputs for 2-D data.
 */
export interface SubclassSnapshot {
  labels: Int32Array;
  /** Subclass within the class; −1 before the first clustering (the warm-up). */
  subclass: Int32Array;
  embedding: Float32Array;
  input?: Float32Array;
  /** Subclasses K_c per class. */
  perClass: Int32Array;
  /** Class-adaptive temperature per class. */
  temperatures: Float32Array;
  /** Epoch at whose start the subclasses were computed; −1 before the first. */
  epoch: number;
}

export function cloneSubclasses(s: SubclassSnapshot): SubclassSnapshot {
  return {
    ...s,
    labels: s.labels.slice(),
    subclass: s.subclass.slice(),
    embedding: s.embedding.slice(),
    input: s.input?.slice(),
    perClass: s.perClass.slice(),
    temperatures: s.temperatures.slice(),
  };
}

/**
 * BatchFormer: where the attention of its batch transformer went during training, class by
 * class, summed over one epoch's batches (the last complete epoch; during the first, the epoch so
 * far). Matrices are C × C, row-major: row = class of the attending sample (query), column =
 * class of the attended one (key). Each query's head-averaged attention weights (before dropout)
 * sum to 1, so row r of both matrices sums to the number of class-r queries in the epoch.
 */
export interface BatchAttentionSnapshot {
  /** The epoch (1-based) the sums cover. */
  epoch: number;
  /** Training steps summed (the epoch's steps once it is complete). */
  steps: number;
  complete: boolean;
  /** Σ over the epoch's batches and class-r queries of the attention paid to class-c keys, at [r·C + c]. */
  attention: Float32Array;
  /** The same under uniform attention (each query spreading 1 evenly over its batch): Σ n_r·n_c / n per batch. */
  uniform: Float32Array;
}

/** A ViT's last-block attention on a few fixed test images, one per class spread over head to tail (training/attention.ts). */
export interface AttentionSnapshot {
  /** The k images, pixels in [0, 1]: k × h·w·c, row-major, channels last. */
  images: Float32Array;
  /** [height, width, channels] of one image. */
  inputShape: number[];
  /** Patches per side. */
  grid: number;
  /** k × grid²: the CLS query's attention over the patches, mean over heads (row-major over the grid). */
  maps: Float32Array;
  labels: Int32Array;
  /** The model's prediction for each image. */
  predicted: Int32Array;
}

/** A distilling method's run (DeiT-LT): which phase it is in, and what its teacher learned. */
export interface DistillationSnapshot {
  /** 'teacher': the CNN teacher trains (and the test metrics are the teacher's); 'student': the ViT. */
  phase: 'teacher' | 'student';
  teacherEpochs: number;
  /** The teacher's per-class test accuracy at the end of its phase; null before. */
  teacherPerClass: Float32Array | null;
}

/** What an evaluation computes; repeated in snapshots between evaluations. */
export interface Evaluation {
  test: TestEvaluation;
  decision?: DecisionGrid;
  headNorms: Float32Array;
  experts?: ExpertsSnapshot;
  subclasses?: SubclassSnapshot;
  /** Singular values of each weight matrix (measures/spectrum.ts). */
  spectra?: WeightSpectrum[];
  attention?: AttentionSnapshot;
}

function cloneAttention(a: AttentionSnapshot): AttentionSnapshot {
  return { ...a, inputShape: [...a.inputShape], images: a.images.slice(), maps: a.maps.slice(), labels: a.labels.slice(), predicted: a.predicted.slice() };
}

export function cloneExperts(e: ExpertsSnapshot): ExpertsSnapshot {
  return {
    ...e,
    labels: [...e.labels],
    perClass: e.perClass.slice(),
    splits: e.splits.slice(),
    disagreement: e.disagreement.slice(),
    kl: e.kl.slice(),
    aggregationWeights: e.aggregationWeights?.slice(),
    uncertainty: e.uncertainty ? { ...e.uncertainty, perClass: e.uncertainty.perClass.slice() } : undefined,
    consulted: e.consulted?.slice(),
  };
}

export function cloneEvaluation(e: Evaluation): Evaluation {
  const r = e.test.reliability;
  return {
    test: {
      ...e.test,
      perClass: e.test.perClass.slice(),
      splits: { ...e.test.splits },
      reliability: { ...r, counts: r.counts.slice(), accuracy: r.accuracy.slice(), confidence: r.confidence.slice() },
      confusion: e.test.confusion.slice(),
      perClassProb: e.test.perClassProb?.slice(),
      splitProb: e.test.splitProb ? { ...e.test.splitProb } : undefined,
    },
    decision: e.decision ? { ...e.decision, predicted: e.decision.predicted.slice(), confidence: e.decision.confidence.slice() } : undefined,
    headNorms: e.headNorms.slice(),
    experts: e.experts ? cloneExperts(e.experts) : undefined,
    subclasses: e.subclasses ? cloneSubclasses(e.subclasses) : undefined,
    spectra: e.spectra?.map((w) => ({ ...w, shape: [...w.shape] as [number, number], singularValues: w.singularValues.slice() })),
    attention: e.attention ? cloneAttention(e.attention) : undefined,
  };
}

/** What the training loop reports, every ~100 ms. Its typed arrays are transferred, not copied. */
export interface RunSnapshot {
  step: number;
  totalSteps: number;
  stepsPerEpoch: number;
  /** Epochs done, fractional. */
  epoch: number;
  /**
   * Training stage of the model evaluated: 2 once a decoupled method (cRT, LWS) has run a step
   * of its second stage (step > Trainer.secondStageStartStep), else 1.
   */
  stage: 1 | 2;
  /** Mean training loss over the steps since the previous snapshot (NaN if none ran). */
  trainLoss: number;
  /** False when `test`, `decision`, `headNorms` and `experts` repeat the previous evaluation (see Trainer.evaluate). */
  testFresh: boolean;
  test: TestEvaluation;
  decision?: DecisionGrid;
  /**
   * Per-class L2 norm of the weight vectors of the classifier used for prediction (after
   * τ-normalisation with the current τ, scaled by LWS, unit for a cosine head).
   */
  headNorms: Float32Array;
  /** Multi-expert methods: per-expert accuracy, diversity, aggregation weights, TLC's uncertainty. */
  experts?: ExpertsSnapshot;
  /** SBCL: the embedding of a sample of training points with their subclasses. */
  subclasses?: SubclassSnapshot;
  /** BatchFormer: the class × class attention of its batch transformer over the last epoch. */
  batchAttention?: BatchAttentionSnapshot;
  /** Singular values, effective rank and SVD entropy of each trained weight matrix (single-model runs). */
  spectra?: WeightSpectrum[];
  /** ViT: the last block's CLS attention on a few test images. */
  attention?: AttentionSnapshot;
  /** Distilling methods (DeiT-LT): the phase, and the teacher's per-class accuracy. */
  distillation?: DistillationSnapshot;
  /** The post-hoc knob's value the evaluation used (la-posthoc, tau-norm); absent for other methods. */
  posthoc?: number;
  /** Time spent training (steps and their synchronisation), excluding evaluation and pauses. */
  trainMs: number;
  /** Time spent evaluating. */
  evalMs: number;
}

/** The buffers of a snapshot, for postMessage's transfer list. */
export function snapshotTransferables(s: RunSnapshot): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [
    s.test.perClass,
    s.headNorms,
    s.test.reliability.counts,
    s.test.confusion,
    s.test.reliability.accuracy,
    s.test.reliability.confidence,
  ];
  if (s.decision) arrays.push(s.decision.predicted, s.decision.confidence);
  if (s.test.perClassProb) arrays.push(s.test.perClassProb);
  s.spectra?.forEach((w) => arrays.push(w.singularValues));
  const x = s.experts;
  if (x) {
    arrays.push(x.perClass, x.splits, x.disagreement, x.kl);
    if (x.aggregationWeights) arrays.push(x.aggregationWeights);
    if (x.uncertainty) arrays.push(x.uncertainty.perClass);
    if (x.consulted) arrays.push(x.consulted);
  }
  const sub = s.subclasses;
  if (sub) {
    arrays.push(sub.labels, sub.subclass, sub.embedding, sub.perClass, sub.temperatures);
    if (sub.input) arrays.push(sub.input);
  }
  if (s.batchAttention) arrays.push(s.batchAttention.attention, s.batchAttention.uniform);
  if (s.attention) arrays.push(s.attention.images, s.attention.maps, s.attention.labels, s.attention.predicted);
  if (s.distillation?.teacherPerClass) arrays.push(s.distillation.teacherPerClass);
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
