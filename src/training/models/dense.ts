import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';

/** A fully connected layer whose initial weights come from the run's seeded Rng. */
export interface DenseLayer {
  kernel: tf.Variable<tf.Rank.R2>;
  bias: tf.Variable<tf.Rank.R1>;
}

/**
 * He-uniform initialisation (limit √(6 / fan_in)), the right scale for ReLU layers. Drawn in
 * JavaScript rather than with tf.randomUniform so that every backend starts from the same weights.
 */
export function createDense(inputs: number, outputs: number, rng: Rng): DenseLayer {
  const values = heInitValues(inputs, outputs, rng);
  // tidy frees the initial tensors; the variables keep their data.
  return tf.tidy(() => ({
    kernel: tf.variable(tf.tensor2d(values, [inputs, outputs])),
    bias: tf.variable(tf.zeros<tf.Rank.R1>([outputs])),
  }));
}

/** He-uniform kernel values, row-major [inputs, outputs]. */
export function heInitValues(inputs: number, outputs: number, rng: Rng): Float32Array {
  return rng.uniformValues(inputs * outputs, Math.sqrt(6 / inputs));
}

export function applyDense(layer: DenseLayer, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(x, layer.kernel), layer.bias);
}

export function denseVariables(layer: DenseLayer): tf.Variable[] {
  return [layer.kernel, layer.bias];
}
