import type { RunConfig } from '../config';
import type { Rng } from '../rng';
import { withHead, type Backbone, type Classifier } from './classifier';
import { createCnnBackbone } from './cnn';
import { withExperts, type ExpertsModel } from './experts';
import type { FilterGradMethod } from './conv';
import type { HeadSpec } from './head';
import { createMlpBackbone } from './mlp';

/** How a model computes, chosen for the backend it runs on (results agree up to rounding). */
export interface ComputeOptions {
  /** The convolutions' filter gradient: 'patches' is faster on WebGPU, 'conv' elsewhere. */
  filterGrad?: FilterGradMethod;
}

/** The backbone a config asks for, on inputs of `inputShape`, drawn from `rng`. */
export function buildBackbone(model: RunConfig['model'], inputShape: readonly number[], rng: Rng, compute: ComputeOptions = {}): Backbone {
  if (model.kind === 'cnn') {
    const [h, w, c] = inputShape;
    if (h === undefined || w === undefined || c === undefined) throw new Error('The CNN needs image inputs [height, width, channels].');
    return createCnnBackbone({ inputShape: [h, w, c], filters: [model.filters1, model.filters2], dense: model.dense, kernel: 3, filterGrad: compute.filterGrad }, rng);
  }
  const inputSize = inputShape.reduce((a, b) => a * b, 1);
  return createMlpBackbone({ inputSize, width: model.width, depth: model.depth }, rng);
}

/** The classifier a config asks for, on inputs of `inputShape`, with the method's head. */
export function buildModel(model: RunConfig['model'], inputShape: readonly number[], classes: number, head: HeadSpec, rng: Rng, compute: ComputeOptions = {}): Classifier {
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
): ExpertsModel {
  return withExperts(buildBackbone(model, inputShape, rng, compute), classes, count, head, rng);
}
