import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test/setup';
import { createOptimizer } from './optimizers';

beforeAll(useCpuBackend);

describe('optimisers', () => {
  it.each(['sgd', 'adam'] as const)('%s leaves no tensor behind after steps and dispose', (kind) => {
    const before = tf.memory().numTensors;
    const w = tf.tidy(() => tf.variable(tf.tensor1d([1, -2])));
    const optimizer = createOptimizer({ kind, learningRate: 0.1, momentum: 0.9 });
    for (let i = 0; i < 3; i++) optimizer.minimize(() => tf.sum(tf.square(w)), true, [w])?.dispose();
    optimizer.dispose();
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('SGD with momentum follows v ← μv + g, w ← w − ηv', () => {
    const w = tf.tidy(() => tf.variable(tf.scalar(1)));
    const optimizer = createOptimizer({ kind: 'sgd', learningRate: 0.1, momentum: 0.9 });
    // f(w) = w²/2, g = w. Step 1: v = 1, w = 0.9. Step 2: v = 0.9·1 + 0.9 = 1.8, w = 0.9 − 0.18 = 0.72.
    optimizer.minimize(() => tf.mul(0.5, tf.square(w)) as tf.Scalar, false, [w]);
    optimizer.minimize(() => tf.mul(0.5, tf.square(w)) as tf.Scalar, false, [w]);
    expect(w.dataSync()[0]).toBeCloseTo(0.72, 6);
    optimizer.dispose();
    w.dispose();
  });
});

describe('weight decay (L2 on the gradient, as PyTorch weight_decay)', () => {
  it('SGD: g ← g + λw before momentum', () => {
    const w = tf.tidy(() => tf.variable(tf.scalar(1)));
    const optimizer = createOptimizer({ kind: 'sgd', learningRate: 0.1, momentum: 0.9, weightDecay: 0.5 });
    // f(w) = w²/2, g = w + 0.5w = 1.5w. Step 1: v = 1.5, w = 0.85. Step 2: v = 1.35 + 1.275 = 2.625, w = 0.85 − 0.2625 = 0.5875.
    optimizer.minimize(() => tf.mul(0.5, tf.square(w)) as tf.Scalar, false, [w]);
    optimizer.minimize(() => tf.mul(0.5, tf.square(w)) as tf.Scalar, false, [w]);
    expect(w.dataSync()[0]).toBeCloseTo(0.5875, 6);
    optimizer.dispose();
    w.dispose();
  });

  it('Adam: the decay enters the moments (coupled L2, not AdamW)', () => {
    // A zero loss: the gradient is λw alone, so Adam's first step is −lr·sign(w) (m̂/√v̂ = ±1).
    const w = tf.tidy(() => tf.variable(tf.tensor1d([2, -3])));
    const optimizer = createOptimizer({ kind: 'adam', learningRate: 0.1, momentum: 0, weightDecay: 0.01 });
    optimizer.minimize(() => tf.mul(0, tf.sum(w)) as tf.Scalar, false, [w]);
    const [a, b] = Array.from(w.dataSync());
    expect(a).toBeCloseTo(1.9, 5);
    expect(b).toBeCloseTo(-2.9, 5);
    optimizer.dispose();
    w.dispose();
  });

  it('leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    const w = tf.tidy(() => tf.variable(tf.tensor1d([1, -2])));
    const optimizer = createOptimizer({ kind: 'sgd', learningRate: 0.1, momentum: 0.9, weightDecay: 5e-4 });
    for (let i = 0; i < 3; i++) optimizer.minimize(() => tf.sum(tf.square(w)), true, [w])?.dispose();
    optimizer.dispose();
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
