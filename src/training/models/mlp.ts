import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { applyDense, createDense, denseVariables, heInitValues, type DenseLayer } from './dense';
import { cosineLogits, type HeadSpec } from './head';

/** Shape of a multilayer perceptron: ReLU hidden layers, then the classifier head. */
export interface MlpSpec {
  inputSize: number;
  /** Units in each hidden layer. */
  width: number;
  /** Number of hidden layers. */
  depth: number;
  classes: number;
  /** The classifier head; absent: linear. */
  head?: HeadSpec;
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

export function createMlp(spec: MlpSpec, rng: Rng): Classifier {
  const headSpec = spec.head ?? { kind: 'linear' };
  const hidden: DenseLayer[] = [];
  let inputs = spec.inputSize;
  for (let i = 0; i < spec.depth; i++) {
    hidden.push(createDense(inputs, spec.width, rng));
    inputs = spec.width;
  }
  const featureSize = inputs;
  const head = createDense(featureSize, spec.classes, rng);
  const backboneVariables = hidden.flatMap(denseVariables);
  const cosine = headSpec.kind === 'cosine';
  if (cosine) head.bias.dispose();
  const headVariables = cosine ? [head.kernel] : denseVariables(head);
  return {
    features: (x) => hidden.reduce<tf.Tensor2D>((h, layer) => tf.relu(applyDense(layer, h)), x),
    head: (features) => (headSpec.kind === 'cosine' ? cosineLogits(features, head.kernel, headSpec.scale) : applyDense(head, features)),
    backboneVariables,
    headVariables,
    headSpec,
    headKernel: head.kernel,
    headBias: cosine ? null : head.bias,
    reinitHead: (fresh) => {
      tf.tidy(() => {
        head.kernel.assign(tf.tensor2d(heInitValues(featureSize, spec.classes, fresh), [featureSize, spec.classes]));
        if (!cosine) head.bias.assign(tf.zeros([spec.classes]));
      });
    },
    dispose: () => [...backboneVariables, ...headVariables].forEach((v) => v.dispose()),
  };
}

export function logitsOf(model: Classifier, x: tf.Tensor2D): tf.Tensor2D {
  return model.head(model.features(x));
}
