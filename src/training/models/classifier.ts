import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { applyDense, createDense, denseVariables, heInitValues } from './dense';
import { cosineLogits, type HeadSpec } from './head';

/** Rows of flattened inputs in, features out: an MLP's hidden layers or a CNN's conv blocks. */
export interface Backbone {
  features(x: tf.Tensor2D): tf.Tensor2D;
  variables: tf.Variable[];
  featureSize: number;
  /** A ViT's last-block CLS attention over its patches, [B, patches] (models/vit.ts); absent for other backbones. */
  attention?(x: tf.Tensor2D): tf.Tensor2D;
}

/**
 * A classifier split into a backbone (features) and a head (logits), the split that
 * decoupling methods (cRT, τ-norm, LWS) and multi-expert heads build on.
 */
export interface Classifier {
  /** Penultimate-layer features. */
  features(x: tf.Tensor2D): tf.Tensor2D;
  /** Logits from features. */
  head(features: tf.Tensor2D): tf.Tensor2D;
  /** The backbone's attention map (a ViT's); absent for other backbones. */
  attention?(x: tf.Tensor2D): tf.Tensor2D;
  backboneVariables: tf.Variable[];
  headVariables: tf.Variable[];
  headSpec: HeadSpec;
  /** The head's kernel, [featureSize, classes]: its column norms are the per-class weight norms. */
  headKernel: tf.Variable<tf.Rank.R2>;
  /** The head's bias; null for a cosine head, which has none. */
  headBias: tf.Variable<tf.Rank.R1> | null;
  /** Draws fresh head weights (and a zero bias) from `rng`, in place: cRT's second stage. */
  reinitHead(rng: Rng): void;
  dispose(): void;
}

/** Puts a linear or cosine head (drawn from `rng` after the backbone) on a backbone. */
export function withHead(backbone: Backbone, classes: number, headSpec: HeadSpec, rng: Rng): Classifier {
  const { featureSize } = backbone;
  const head = createDense(featureSize, classes, rng);
  const cosine = headSpec.kind === 'cosine';
  if (cosine) head.bias.dispose();
  const headVariables = cosine ? [head.kernel] : denseVariables(head);
  return {
    features: backbone.features,
    attention: backbone.attention,
    head: (features) => (headSpec.kind === 'cosine' ? cosineLogits(features, head.kernel, headSpec.scale) : applyDense(head, features)),
    backboneVariables: backbone.variables,
    headVariables,
    headSpec,
    headKernel: head.kernel,
    headBias: cosine ? null : head.bias,
    reinitHead: (fresh) => {
      tf.tidy(() => {
        head.kernel.assign(tf.tensor2d(heInitValues(featureSize, classes, fresh), [featureSize, classes]));
        if (!cosine) head.bias.assign(tf.zeros([classes]));
      });
    },
    dispose: () => [...backbone.variables, ...headVariables].forEach((v) => v.dispose()),
  };
}

export function logitsOf(model: Classifier, x: tf.Tensor2D): tf.Tensor2D {
  return model.head(model.features(x));
}
