import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { applyDense, createDense, denseVariables, type DenseLayer } from './dense';

export interface MlpSpec {
  inputSize: number;
  /** Units in each hidden layer. */
  width: number;
  /** Number of hidden layers. */
  depth: number;
  classes: number;
}

/**
 * A classifier split into a backbone (features) and a linear head (logits), the split that
 * decoupling methods (cRT, τ-norm, LWS) and multi-expert heads build on.
 */
export interface Classifier {
  /** Penultimate-layer features. */
  features(x: tf.Tensor2D): tf.Tensor2D;
  /** Logits from features. */
  head(features: tf.Tensor2D): tf.Tensor2D;
  backboneVariables: tf.Variable[];
  headVariables: tf.Variable[];
  /** The head's kernel, [featureSize, classes]: its column norms are the per-class weight norms. */
  headKernel: tf.Variable<tf.Rank.R2>;
  dispose(): void;
}

export function createMlp(spec: MlpSpec, rng: Rng): Classifier {
  const hidden: DenseLayer[] = [];
  let inputs = spec.inputSize;
  for (let i = 0; i < spec.depth; i++) {
    hidden.push(createDense(inputs, spec.width, rng));
    inputs = spec.width;
  }
  const head = createDense(inputs, spec.classes, rng);
  const backboneVariables = hidden.flatMap(denseVariables);
  const headVariables = denseVariables(head);
  return {
    features: (x) => hidden.reduce<tf.Tensor2D>((h, layer) => tf.relu(applyDense(layer, h)), x),
    head: (features) => applyDense(head, features),
    backboneVariables,
    headVariables,
    headKernel: head.kernel,
    dispose: () => [...backboneVariables, ...headVariables].forEach((v) => v.dispose()),
  };
}

export function logitsOf(model: Classifier, x: tf.Tensor2D): tf.Tensor2D {
  return model.head(model.features(x));
}
