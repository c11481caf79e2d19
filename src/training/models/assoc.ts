import * as tf from '@tensorflow/tfjs-core';
import { orthonormalRows } from '../data/assocMemory';
import type { Rng } from '../rng';
import type { Classifier } from './classifier';

/**
 * The associative memory's model (arXiv 2509.26030): scores z_j = u_jᵀ W e for a key e, with one
 * learned d × d matrix W (no bias, zero at the start, as the paper's analysis) and fixed random
 * orthonormal values u_j drawn from the init stream. In the app's row convention z = e·W·U,
 * U = [u_1 … u_C] (d × C): W is the "backbone" (its only trained variable), U a frozen head.
 */
export function createAssocMemory(dim: number, classes: number, rng: Rng): Classifier {
  const values = orthonormalRows(classes, dim, rng); // rows u_j, i.e. Uᵀ
  const { w, u, bias } = tf.tidy(() => ({
    w: tf.variable(tf.zeros<tf.Rank.R2>([dim, dim])),
    u: tf.variable(tf.transpose(tf.tensor2d(Float32Array.from(values), [classes, dim])) as tf.Tensor2D, false),
    bias: tf.variable(tf.zeros<tf.Rank.R1>([classes]), false),
  }));
  return {
    features: (x) => tf.matMul(x, w),
    head: (features) => tf.matMul(features, u),
    backboneVariables: [w],
    headVariables: [],
    headSpec: { kind: 'linear' },
    headKernel: u,
    headBias: bias,
    // The values are the task, not a head to re-learn: cRT's fresh head leaves them.
    reinitHead: () => undefined,
    dispose: () => [w, u, bias].forEach((v) => v.dispose()),
  };
}
