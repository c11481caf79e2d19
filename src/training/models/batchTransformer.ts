import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';

/**
 * BatchFormer's module (Hou et al., CVPR 2022): PyTorch's post-norm TransformerEncoderLayer
 * (d_model = feature width, `heads` heads, feed-forward width = feature width, ReLU, LayerNorm
 * ε 1e-5) applied to a mini-batch of features [n, d] as one sequence of n tokens, so that every
 * sample attends to every other sample of the batch. Written out op by op (rather than as a
 * layer) so that its dropout masks come from the run's seeded Rng: the exported train.py draws
 * the same masks and reproduces a training step exactly.
 */
export interface BatchTransformer {
  heads: number;
  /** Feed-forward width (= feature width, as the authors' TransformerEncoderLayer(C, 4, C, 0.5)). */
  ffn: number;
  variables: tf.Variable[];
  /**
   * The layer on a batch, in training (dropout from `masks`; null: no dropout): the new features
   * [n, d] and the attention weights averaged over heads [n, n] (row i: how sample i spreads its
   * attention over the batch), taken before their dropout.
   */
  forward(x: tf.Tensor2D, masks: DropoutMasks | null): { features: tf.Tensor2D; attention: tf.Tensor2D };
  dispose(): void;
}

/** The four dropouts of a post-norm encoder layer, as 0 / 1/(1 − p) masks. */
export interface DropoutMasks {
  /** On the attention weights, [heads, n, n]. */
  attention: tf.Tensor3D;
  /** On the attention branch before its residual sum, [n, d]. */
  residual1: tf.Tensor2D;
  /** After the feed-forward ReLU, [n, ffn]. */
  hidden: tf.Tensor2D;
  /** On the feed-forward branch before its residual sum, [n, d]. */
  residual2: tf.Tensor2D;
}

const LAYER_NORM_EPSILON = 1e-5;

/** The largest head count up to `maxHeads` that divides the feature width (PyTorch requires d % heads = 0). */
export function headsFor(width: number, maxHeads: number): number {
  for (let h = Math.max(1, Math.floor(maxHeads)); h > 1; h--) if (width % h === 0) return h;
  return 1;
}

/**
 * Draws a layer from `rng` with PyTorch's initialisation of TransformerEncoderLayer:
 * in-projection Xavier-uniform over [3d, d] with zero bias; out-projection U(±1/√d) with zero
 * bias; each feed-forward linear U(±1/√fan_in) for weights and biases; LayerNorms γ = 1, β = 0.
 * Draw order: in-projection, out-projection, linear1 weight and bias, linear2 weight and bias;
 * kernels in PyTorch's layout [out, in].
 */
export function createBatchTransformer(width: number, heads: number, rng: Rng): BatchTransformer {
  const d = width;
  const ffn = width;
  const inProj = rng.uniformValues(3 * d * d, Math.sqrt(6 / (4 * d)));
  const outProj = rng.uniformValues(d * d, 1 / Math.sqrt(d));
  const w1 = rng.uniformValues(ffn * d, 1 / Math.sqrt(d));
  const b1 = rng.uniformValues(ffn, 1 / Math.sqrt(d));
  const w2 = rng.uniformValues(d * ffn, 1 / Math.sqrt(ffn));
  const b2 = rng.uniformValues(d, 1 / Math.sqrt(ffn));
  // Kernels stored [in, out] for x·W (PyTorch keeps [out, in] and computes x·Wᵀ).
  const v = tf.tidy(() => ({
    inKernel: tf.variable(tf.transpose(tf.tensor2d(inProj, [3 * d, d]))),
    inBias: tf.variable(tf.zeros<tf.Rank.R1>([3 * d])),
    outKernel: tf.variable(tf.transpose(tf.tensor2d(outProj, [d, d]))),
    outBias: tf.variable(tf.zeros<tf.Rank.R1>([d])),
    kernel1: tf.variable(tf.transpose(tf.tensor2d(w1, [ffn, d]))),
    bias1: tf.variable(tf.tensor1d(b1)),
    kernel2: tf.variable(tf.transpose(tf.tensor2d(w2, [d, ffn]))),
    bias2: tf.variable(tf.tensor1d(b2)),
    gamma1: tf.variable(tf.ones<tf.Rank.R1>([d])),
    beta1: tf.variable(tf.zeros<tf.Rank.R1>([d])),
    gamma2: tf.variable(tf.ones<tf.Rank.R1>([d])),
    beta2: tf.variable(tf.zeros<tf.Rank.R1>([d])),
  }));
  const variables = Object.values(v) as tf.Variable[];
  const dh = d / heads;
  const layerNorm = (x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D): tf.Tensor2D => {
    const { mean, variance } = tf.moments(x, 1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LAYER_NORM_EPSILON))), gamma), beta);
  };
  const drop = <T extends tf.Tensor>(x: T, mask: T | undefined): T => (mask ? (tf.mul(x, mask) as T) : x);
  const toHeads = (t: tf.Tensor2D, n: number) => tf.transpose(tf.reshape(t, [n, heads, dh]), [1, 0, 2]) as tf.Tensor3D;
  return {
    heads,
    ffn,
    variables,
    forward: (x, masks) => {
      const n = x.shape[0];
      const qkv = tf.add(tf.matMul(x, v.inKernel), v.inBias);
      const [q, k, val] = tf.split(qkv, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      // PyTorch scales q by 1/√d_head before the product.
      const scores = tf.matMul(toHeads(tf.mul(q, 1 / Math.sqrt(dh)), n), toHeads(k, n), false, true);
      const weights = tf.softmax(scores) as tf.Tensor3D;
      const attended = tf.matMul(drop(weights, masks?.attention), toHeads(val, n));
      const merged = tf.reshape(tf.transpose(attended, [1, 0, 2]), [n, d]) as tf.Tensor2D;
      const selfAttention = tf.add(tf.matMul(merged, v.outKernel), v.outBias);
      const h = layerNorm(tf.add(x, drop(selfAttention, masks?.residual1)), v.gamma1, v.beta1);
      const hidden = drop(tf.relu(tf.add(tf.matMul(h, v.kernel1), v.bias1)), masks?.hidden);
      const ff = tf.add(tf.matMul(hidden, v.kernel2), v.bias2);
      const features = layerNorm(tf.add(h, drop(ff, masks?.residual2)), v.gamma2, v.beta2);
      return { features, attention: tf.mean(weights, 0) as tf.Tensor2D };
    },
    dispose: () => variables.forEach((t) => t.dispose()),
  };
}

/**
 * Dropout masks for a batch of n, drawn from `rng` in a fixed order (attention weights head by
 * head and row by row, then the attention branch, the feed-forward hidden layer, the feed-forward
 * branch; each row-major): an element is kept, scaled by 1/(1 − p), when its draw is ≥ p.
 */
export function drawDropoutMasks(n: number, width: number, ffn: number, heads: number, p: number, rng: Rng): DropoutMasks {
  const keep = 1 / (1 - p);
  const draw = (count: number) => {
    const m = new Float32Array(count);
    for (let i = 0; i < count; i++) m[i] = rng.next() >= p ? keep : 0;
    return m;
  };
  const attention = draw(heads * n * n);
  const residual1 = draw(n * width);
  const hidden = draw(n * ffn);
  const residual2 = draw(n * width);
  return {
    attention: tf.tensor3d(attention, [heads, n, n]),
    residual1: tf.tensor2d(residual1, [n, width]),
    hidden: tf.tensor2d(hidden, [n, ffn]),
    residual2: tf.tensor2d(residual2, [n, width]),
  };
}
