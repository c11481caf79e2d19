import * as tf from '@tensorflow/tfjs-core';
import type { RunConfig } from '../config';
import type { Rng } from '../rng';
import { withHead, type Backbone, type Classifier } from './classifier';
import { createCnnBackbone, createCnnExpertStage, type CnnSpec } from './cnn';
import { withExperts, type ExpertsModel } from './experts';
import type { FilterGradMethod } from './conv';
import type { HeadSpec } from './head';
import { createDense, applyDense, denseVariables } from './dense';
import { createMlpBackbone } from './mlp';
import { createAssocMemory } from './assoc';
import { createVitBackbone, VIT_GRID } from './vit';

/** How a model computes, chosen for the backend it runs on (results agree up to rounding). */
export interface ComputeOptions {
  /** The convolutions' filter gradient: 'patches' is faster on WebGPU, 'conv' elsewhere. */
  filterGrad?: FilterGradMethod;
}

/** The backbone a config asks for, on inputs of `inputShape`, drawn from `rng`. */
export function buildBackbone(
  model: RunConfig['model'],
  inputShape: readonly number[],
  rng: Rng,
  compute: ComputeOptions = {},
  options: { trunkOnly?: boolean; tokens?: 1 | 2 } = {},
): Backbone {
  if (model.kind === 'assoc') throw new Error('The linear memory W has no backbone to share: it trains single-model methods only.');
  if (model.kind === 'vit') {
    const [h, w, c] = inputShape;
    if (h === undefined || w === undefined || c === undefined) throw new Error('The ViT needs image inputs [height, width, channels].');
    // No trunk split: experts that own a stage put their dense layer on the whole ViT's CLS features.
    const spec = { inputShape: [h, w, c] as [number, number, number], grid: VIT_GRID, width: model.vitWidth, blocks: model.vitBlocks, heads: model.vitHeads };
    return createVitBackbone({ ...spec, tokens: options.tokens ?? 1 }, rng);
  }
  if (model.kind === 'cnn') {
    const [h, w, c] = inputShape;
    if (h === undefined || w === undefined || c === undefined) throw new Error('The CNN needs image inputs [height, width, channels].');
    return createCnnBackbone(cnnSpec(model, [h, w, c], compute), rng, options);
  }
  const inputSize = inputShape.reduce((a, b) => a * b, 1);
  // The trunk of an MLP is every hidden layer but the last (none for depth 1: the inputs themselves).
  return createMlpBackbone({ inputSize, width: model.width, depth: options.trunkOnly ? model.depth - 1 : model.depth }, rng);
}

function cnnSpec(model: RunConfig['model'], inputShape: [number, number, number], compute: ComputeOptions): CnnSpec {
  return { inputShape, filters: [model.filters1, model.filters2], dense: model.dense, kernel: 3, filterGrad: compute.filterGrad };
}

/**
 * One expert's own stage on the trunk's features: on the CNN its last conv block and dense layer at
 * ¾ width (createCnnExpertStage, as the authors' experts own layer2 and layer3); on the MLP its
 * last hidden layer; on the ViT a dense layer on the CLS features.
 */
function expertStage(model: RunConfig['model'], inputShape: readonly number[], inputs: number, rng: Rng, compute: ComputeOptions, width?: number): Backbone {
  if (model.kind === 'cnn') return createCnnExpertStage(cnnSpec(model, inputShape as [number, number, number], compute), rng, width);
  const units = model.kind === 'vit' ? model.vitWidth : model.width;
  const layer = createDense(inputs, units, rng);
  return { features: (x) => tf.relu(applyDense(layer, x)), variables: denseVariables(layer), featureSize: units };
}

/** The classifier a config asks for, on inputs of `inputShape`, with the method's head. */
export function buildModel(model: RunConfig['model'], inputShape: readonly number[], classes: number, head: HeadSpec, rng: Rng, compute: ComputeOptions = {}): Classifier {
  if (model.kind === 'assoc') return createAssocMemory(inputShape.reduce((a, b) => a * b, 1), classes, rng);
  return withHead(buildBackbone(model, inputShape, rng, compute), classes, head, rng);
}

/** The config's backbone with `count` expert heads of the method's kind (multi-expert methods). */
export function buildExpertsModel(
  model: RunConfig['model'],
  inputShape: readonly number[],
  classes: number,
  count: number,
  head: HeadSpec,
  rng: Rng,
  compute: ComputeOptions = {},
  ownStage = false,
  perToken = false,
  stageWidth?: number,
): ExpertsModel {
  if (perToken) {
    // DeiT: one head per token of a ViT with CLS and DIST tokens; each "stage" reads its own token's features.
    if (model.kind !== 'vit' || count !== 2) throw new Error('Heads per token need the ViT and two heads (CLS, DIST).');
    const vit = buildBackbone(model, inputShape, rng, compute, { tokens: 2 });
    const width = model.vitWidth;
    const tokenStage = (k: number): Backbone => ({ features: (f) => tf.slice(f, [0, k * width], [-1, width]), variables: [], featureSize: width });
    return withExperts(vit, classes, count, head, rng, [tokenStage(0), tokenStage(1)]);
  }
  if (!ownStage) return withExperts(buildBackbone(model, inputShape, rng, compute), classes, count, head, rng);
  // Draw order: the shared trunk, then each expert's stage (1…K), then the heads (withExperts).
  const trunk = buildBackbone(model, inputShape, rng, compute, { trunkOnly: true });
  const stages = Array.from({ length: count }, () => expertStage(model, inputShape, trunk.featureSize, rng, compute, stageWidth));
  return withExperts(trunk, classes, count, head, rng, stages);
}
