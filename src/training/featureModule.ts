import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerConfig } from './config';
import type { FeatureModuleSpec } from './methods/types';
import { createBatchTransformer, drawDropoutMasks, headsFor, type BatchTransformer } from './models/batchTransformer';
import { createOptimizer } from './optim/optimizers';
import type { Rng } from './rng';
import type { BatchAttentionSnapshot } from './snapshot';

/** One epoch's class × class attention sums (tensors on the device, read back only for snapshots). */
interface EpochSums {
  epoch: number;
  steps: number;
  attention: tf.Tensor2D;
  uniform: tf.Tensor2D;
}

/**
 * A method's training-only feature module (MethodRuntime.featureModule; BatchFormer's batch
 * transformer) as the trainer runs it: the module's variables with their own optimiser (its
 * learning rate scaled, as the authors' parameter group with 0.1× the base rate), the dropout
 * masks drawn from the method's Rng, and the attention sums of the current and the last epoch.
 */
export class FeatureModuleRunner {
  private readonly module: BatchTransformer;
  private readonly optimizer: tf.Optimizer;
  private current: EpochSums | null = null;
  private last: EpochSums | null = null;
  /** The step's attention sums, kept out of the gradient tape's tidy until afterStep adds them. */
  private pending: [tf.Tensor2D, tf.Tensor2D] | null = null;

  private readonly spec: FeatureModuleSpec;
  private readonly classes: number;
  private readonly stepsPerEpoch: number;
  /** The method's stream (MethodContext.rng): the dropout masks. */
  private readonly rng: Rng;

  constructor(spec: FeatureModuleSpec, width: number, classes: number, stepsPerEpoch: number, optimizer: OptimizerConfig, initRng: Rng, rng: Rng) {
    this.spec = spec;
    this.classes = classes;
    this.stepsPerEpoch = stepsPerEpoch;
    this.rng = rng;
    this.module = createBatchTransformer(width, headsFor(width, spec.heads), initRng);
    this.optimizer = createOptimizer({ ...optimizer, learningRate: optimizer.learningRate * spec.learningRateScale });
  }

  get heads(): number {
    return this.module.heads;
  }

  /**
   * What the classifier sees in training (inside the tape): the module's features of the batch,
   * then the plain features, [2n, d]. Records the batch's class × class attention for the view.
   */
  trainingFeatures(features: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor2D {
    const [n, d] = features.shape;
    const p = this.spec.dropout;
    const masks = p > 0 ? drawDropoutMasks(n, d, this.module.ffn, this.module.heads, p, this.rng) : null;
    const { features: mixed, attention } = this.module.forward(features, masks);
    const y = tf.cast(tf.oneHot(labels, this.classes), 'float32') as tf.Tensor2D;
    const perClass = tf.sum(y, 0) as tf.Tensor1D;
    // Not part of the loss, so no gradient flows through these.
    const sums = tf.matMul(tf.matMul(y, attention, true, false), y) as tf.Tensor2D;
    const uniform = tf.div(tf.outerProduct(perClass, perClass), n) as tf.Tensor2D;
    this.pending?.forEach((t) => t.dispose());
    this.pending = [tf.keep(sums), tf.keep(uniform)];
    return tf.concat([mixed, features], 0) as tf.Tensor2D;
  }

  /** One optimisation step of the backbone and head (`optimizer`, `variables`) and of the module (its own optimiser). */
  minimize(loss: () => tf.Scalar, optimizer: tf.Optimizer, variables: tf.Variable[]): tf.Scalar {
    const { value, grads } = tf.variableGrads(loss, [...variables, ...this.module.variables]);
    const pick = (vs: tf.Variable[]) => Object.fromEntries(vs.filter((v) => grads[v.name]).map((v) => [v.name, grads[v.name] as tf.Tensor]));
    optimizer.applyGradients(pick(variables));
    this.optimizer.applyGradients(pick(this.module.variables));
    tf.dispose(grads);
    return value;
  }

  /** At the start of each epoch (0-based): the finished epoch becomes the last one. */
  startEpoch(epoch: number): void {
    if (this.current && this.current.steps > 0) {
      if (this.last) tf.dispose([this.last.attention, this.last.uniform]);
      this.last = this.current;
    } else if (this.current) tf.dispose([this.current.attention, this.current.uniform]);
    const zeros = () => tf.zeros<tf.Rank.R2>([this.classes, this.classes]);
    this.current = { epoch: epoch + 1, steps: 0, attention: zeros(), uniform: zeros() };
  }

  /** After each training step: adds the step's attention to the epoch's sums. */
  afterStep(): void {
    const current = this.current;
    if (!this.pending || !current) return;
    const [a, u] = this.pending;
    const attention = tf.add(current.attention, a) as tf.Tensor2D;
    const uniform = tf.add(current.uniform, u) as tf.Tensor2D;
    tf.dispose([current.attention, current.uniform, a, u]);
    this.current = { ...current, steps: current.steps + 1, attention, uniform };
    this.pending = null;
  }

  /** The last complete epoch's attention (the current epoch's once it is complete, or while none is). */
  async snapshot(): Promise<BatchAttentionSnapshot | undefined> {
    const c = this.current;
    const sums = c && (c.steps >= this.stepsPerEpoch || !this.last) ? c : this.last;
    if (!sums) return undefined;
    // Copies: the CPU backend hands out the tensor's own buffer, and snapshots' buffers are transferred.
    const [attention, uniform] = (await Promise.all([sums.attention.data(), sums.uniform.data()])).map((a) => Float32Array.from(a));
    return { epoch: sums.epoch, steps: sums.steps, complete: sums.steps >= this.stepsPerEpoch, attention: attention ?? new Float32Array(0), uniform: uniform ?? new Float32Array(0) };
  }

  dispose(): void {
    this.module.dispose();
    this.optimizer.dispose();
    for (const s of [this.current, this.last]) if (s) tf.dispose([s.attention, s.uniform]);
    this.pending?.forEach((t) => t.dispose());
  }
}
