import * as tf from '@tensorflow/tfjs-core';
import { attentionSnapshot } from './attention';
import type { RunConfig } from './config';
import { ContrastiveTraining } from './contrastive';
import { inputSize, type Dataset } from './data/dataset';
import { ExpertEnsemble } from './ensemble';
import { FeatureModuleRunner } from './featureModule';
import type { LossInputs, MethodRuntime } from './methods/types';
import { buildModel, type ComputeOptions } from './models/build';
import { logitsOf, type Classifier } from './models/classifier';
import { VIT_GRID } from './models/vit';
import type { Rng } from './rng';
import type { Evaluation } from './snapshot';
import { modelSpectra } from './spectra';
import { Teacher } from './teacher';

/** What a run trains: one classifier or an ensemble of experts, and the parts its method adds. */
export interface RunModel {
  /** The single classifier; null for a multi-expert method, which has `ensemble` instead. */
  model: Classifier | null;
  ensemble: ExpertEnsemble | null;
  /** A contrastive method's projection head and embedding hooks (SBCL); null otherwise. */
  contrastive: ContrastiveTraining | null;
  /** BatchFormer's training-only module between the features and the classifier; null for other methods. */
  featureModule: FeatureModuleRunner | null;
  /** A distilling method's teacher (DeiT-LT); null for other methods. */
  teacher: Teacher | null;
  /** What stage 1 trains. */
  variables: tf.Variable[];
}

/**
 * Builds a run's model from the init stream, in a fixed draw order: the classifier (or the
 * experts), then a contrastive projection head or BatchFormer's module — drawn after it, so that
 * the backbone and head start as every other method's of the same seed. The teacher has a
 * stream of its own.
 */
export function buildRunModel(args: {
  config: RunConfig;
  dataset: Dataset;
  method: MethodRuntime;
  initRng: Rng;
  /** The run's augmentation stream: BatchFormer's dropout masks. */
  augmentRng: Rng;
  stepsPerEpoch: number;
  compute: ComputeOptions;
}): RunModel {
  const { config, dataset, method, initRng, compute } = args;
  const teacher = method.teacher ? new Teacher(config, dataset.inputShape, dataset.train.counts, compute) : null;
  if (method.experts) {
    const ensemble = new ExpertEnsemble(config, dataset.inputShape, dataset.classes, method.experts, method, initRng, compute);
    return { model: null, ensemble, contrastive: null, featureModule: null, teacher, variables: ensemble.variables };
  }
  const model = buildModel(config.model, dataset.inputShape, dataset.classes, method.head ?? { kind: 'linear' }, initRng, compute);
  const width = model.headKernel.shape[0];
  if (method.contrastive) {
    const contrastive = new ContrastiveTraining(method.contrastive, width, initRng, dataset.train.y, dataset.classes);
    // Stage 1 learns the representation alone; the classifier waits for stage 2.
    return { model, ensemble: null, contrastive, featureModule: null, teacher, variables: [...model.backboneVariables, ...contrastive.variables] };
  }
  const featureModule = method.featureModule
    ? new FeatureModuleRunner(method.featureModule, width, dataset.classes, args.stepsPerEpoch, config.optimizer, initRng, args.augmentRng)
    : null;
  return { model, ensemble: null, contrastive: null, featureModule, teacher, variables: [...model.backboneVariables, ...model.headVariables] };
}

/** Frees every part of a run's model. */
export function disposeRunModel(parts: RunModel): void {
  for (const part of [parts.model, parts.ensemble, parts.contrastive, parts.featureModule, parts.teacher]) part?.dispose();
}

/**
 * What the loss sees (inside the tape): logits of the method's views of x (times LWS's scales),
 * or every expert's and their aggregate (with RIDE's router's logits in its router stage); a contrastive method's stage 1 also the views'
 * embeddings, its stage 2 the plain logits of x; BatchFormer's the logits of its module's
 * features and then of the plain ones, with the labels twice.
 */
export function lossInputsOf(
  parts: Pick<RunModel, 'model' | 'ensemble' | 'contrastive' | 'featureModule'>,
  augment: MethodRuntime['augmentBatch'],
  batch: { x: tf.Tensor2D; labels: tf.Tensor1D; progress: number; mix: LossInputs['mix']; indices: Int32Array; stage: 1 | 2; logitScales?: tf.Variable },
): LossInputs {
  const { x, labels, progress, mix, indices, stage } = batch;
  const { model, ensemble, contrastive, featureModule } = parts;
  const input = contrastive && stage === 2 ? x : (augment?.(x) ?? x);
  if (ensemble) {
    // RIDE's router stage: the frozen experts' logits and the router's logits on them.
    if (stage === 2 && ensemble.routerVariables.length > 0) {
      const { logits: experts, router } = ensemble.routedOutputs(input);
      return { logits: ensemble.aggregate(experts).scores, experts, router, labels, progress, stage };
    }
    const experts = ensemble.expertLogits(input);
    return { logits: ensemble.aggregate(experts).scores, experts, labels, progress, mix };
  }
  if (!model) throw new Error('A run has a classifier or an ensemble.');
  if (contrastive) {
    const features = model.features(input);
    const embedding = stage === 1 ? contrastive.embed(features) : undefined;
    return { logits: model.head(features), labels, progress, embedding, indices, stage };
  }
  if (featureModule) {
    const features = featureModule.trainingFeatures(model.features(input), labels);
    return { logits: model.head(features), labels: tf.concat([labels, labels]), progress, mix };
  }
  const logits = logitsOf(model, input);
  return { logits: batch.logitScales ? tf.mul(logits, batch.logitScales) : logits, labels, progress, mix };
}

/**
 * The views some models and methods add to an evaluation: SBCL's subclasses, the singular values
 * of every weight matrix, a ViT's last-block CLS attention on a few test images (not while a
 * distilling method's teacher trains).
 */
export async function modelViews(args: {
  parts: Pick<RunModel, 'model' | 'ensemble' | 'contrastive'>;
  dataset: Dataset;
  trainX: tf.Tensor2D;
  testX: tf.Tensor2D;
  logits: (x: tf.Tensor2D) => tf.Tensor2D;
  teacherPhase: boolean;
  /** The associative memory's W: its one matrix is a hidden one. */
  assoc: boolean;
}): Promise<Pick<Evaluation, 'subclasses' | 'spectra' | 'attention'>> {
  const { model, ensemble, contrastive } = args.parts;
  const { dataset } = args;
  const inputs2d = inputSize(dataset) === 2 ? dataset.train.x : null;
  const subclasses = model && contrastive ? await contrastive.snapshot((v) => model.features(v), args.trainX, inputs2d) : undefined;
  const spectra = ensemble ? await modelSpectra(ensemble.backboneVariables, []) : model ? await modelSpectra(model.backboneVariables, model.headVariables, args.assoc) : undefined;
  const attend = ensemble ? ensemble.model.attention : model?.attention;
  if (!attend || args.teacherPhase) return { subclasses, spectra };
  const { test, classes, inputShape } = dataset;
  const attention = await attentionSnapshot({ attention: attend, logits: args.logits, testX: args.testX, labels: test.y, classes, inputShape, grid: VIT_GRID });
  return { subclasses, spectra, attention };
}
