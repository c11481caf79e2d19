import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import type { Backbone } from './classifier';
import { applyDense, createDense, denseVariables, type DenseLayer } from './dense';

export interface MlpSpec {
  inputSize: number;
  /** Units in each hidden layer. */
  width: number;
  /** Number of hidden layers. */
  depth: number;
}

/** Fully connected ReLU layers: the backbone for 2-D points (and a baseline for images). */
export function createMlpBackbone(spec: MlpSpec, rng: Rng): Backbone {
  const hidden: DenseLayer[] = [];
  let inputs = spec.inputSize;
  for (let i = 0; i < spec.depth; i++) {
    hidden.push(createDense(inputs, spec.width, rng));
    inputs = spec.width;
  }
  return {
    features: (x) => hidden.reduce<tf.Tensor2D>((h, layer) => tf.relu(applyDense(layer, h)), x),
    variables: hidden.flatMap(denseVariables),
    featureSize: inputs,
  };
}
