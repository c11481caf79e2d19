import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import type { Backbone } from './classifier';
import { createDense, denseVariables, type DenseLayer } from './dense';
import { cosineLogits, type HeadSpec, type LinearHead } from './head';

/** Bounds on the number of expert heads a multi-expert method may ask for. */
export const MIN_EXPERTS = 2;
export const MAX_EXPERTS = 4;

/**
 * A multi-expert model: one shared backbone (the MLP or CNN of models/build.ts) and K expert
 * heads on its features, each linear or cosine (LDAM's NormedLinear) as the method asks. With
 * `stages` (RIDE), each expert also owns the backbone's last stage, as in the authors' ResNets
 * where the experts share only the early blocks; `features` are then the shared trunk's.
 */
export interface ExpertsModel {
  count: number;
  /** Width of each expert's own features (what its head reads). */
  featureSize: number;
  headSpec: HeadSpec;
  features(x: tf.Tensor2D): tf.Tensor2D;
  /** The backbone's attention map (a ViT's); absent for other backbones. */
  attention?(x: tf.Tensor2D): tf.Tensor2D;
  /** Each expert's logits from shared features, in expert order. */
  logits(features: tf.Tensor2D): tf.Tensor2D[];
  /** Each expert's own features (what its head reads: its stage's output, or the shared features) and its logits; RIDE's router reads both. */
  outputs(features: tf.Tensor2D): { features: tf.Tensor2D[]; logits: tf.Tensor2D[] };
  /** The shared trunk's variables, then each expert's own stage's (`stages` of them, in expert order). */
  backboneVariables: tf.Variable[];
  /** How many of backboneVariables the experts share (all of them without own stages). */
  sharedVariableCount: number;
  /** Every expert head's variables. */
  headVariables: tf.Variable[];
  /** Expert k's head as a linear classifier (call inside tf.tidy); a cosine head has a zero bias and unit columns. */
  head(k: number): LinearHead;
  dispose(): void;
}

/**
 * Puts `count` heads on a backbone, drawn from `rng` one after the other (after the backbone),
 * so the experts start apart and every run from the same seed starts the same.
 */
export function withExperts(backbone: Backbone, classes: number, count: number, headSpec: HeadSpec, rng: Rng, stages?: readonly Backbone[]): ExpertsModel {
  if (!(Number.isInteger(count) && count >= MIN_EXPERTS && count <= MAX_EXPERTS)) {
    throw new Error(`A multi-expert model needs ${MIN_EXPERTS} to ${MAX_EXPERTS} experts, not ${count}.`);
  }
  if (stages && stages.length !== count) throw new Error(`${count} experts need ${count} own stages, not ${stages.length}.`);
  const featureSize = stages?.[0]?.featureSize ?? backbone.featureSize;
  const heads: DenseLayer[] = Array.from({ length: count }, () => createDense(featureSize, classes, rng));
  const cosine = headSpec.kind === 'cosine';
  if (cosine) heads.forEach((h) => h.bias.dispose());
  const headVariables = heads.flatMap((h) => (cosine ? [h.kernel] : denseVariables(h)));
  const stageVariables = stages?.flatMap((s) => s.variables) ?? [];
  const headLogits = (h: DenseLayer, f: tf.Tensor2D): tf.Tensor2D =>
    headSpec.kind === 'cosine' ? cosineLogits(f, h.kernel, headSpec.scale) : tf.add(tf.matMul(f, h.kernel), h.bias);
  // Each expert's head on its own features (its stage's, or the shared ones), one product per expert.
  const outputs = (features: tf.Tensor2D) => {
    const own = heads.map((_, k) => (stages ? (stages[k] as Backbone).features(features) : features));
    return { features: own, logits: own.map((f, k) => headLogits(heads[k] as DenseLayer, f)) };
  };
  // One matrix product for all experts (their kernels side by side), then one slice per expert:
  // far fewer ops than K separate heads, which is what bounds a small model's step time.
  const allLogits = (features: tf.Tensor2D): tf.Tensor2D => {
    const kernel = tf.concat(heads.map((h) => h.kernel), 1);
    if (headSpec.kind === 'cosine') return cosineLogits(features, kernel, headSpec.scale);
    return tf.add(tf.matMul(features, kernel), tf.concat(heads.map((h) => h.bias)));
  };
  return {
    count,
    featureSize,
    headSpec,
    features: backbone.features,
    attention: backbone.attention,
    logits: (features) => {
      if (stages) return outputs(features).logits;
      const all = allLogits(features);
      return heads.map((_, k) => tf.slice(all, [0, k * classes], [-1, classes]));
    },
    outputs,
    backboneVariables: [...backbone.variables, ...stageVariables],
    sharedVariableCount: backbone.variables.length,
    headVariables,
    head: (k) => {
      const h = heads[k];
      if (!h) throw new Error(`no expert ${k}`);
      return cosine ? { kernel: h.kernel, bias: tf.zeros([h.kernel.shape[1]]) } : { kernel: h.kernel, bias: h.bias };
    },
    dispose: () => [...backbone.variables, ...stageVariables, ...headVariables].forEach((v) => v.dispose()),
  };
}
