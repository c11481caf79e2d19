import * as tf from '@tensorflow/tfjs-core';
import type { RunConfig } from './config';
import { crossEntropy, shiftLogits } from './methods/losses';
import { buildModel, type ComputeOptions } from './models/build';
import { logitsOf, type Classifier } from './models/classifier';
import { createOptimizer } from './optim/optimizers';
import { Rng } from './rng';

/**
 * A distilling method's teacher (DeiT-LT): the app's CNN (the run's CNN settings), trained first
 * in the same run with balanced softmax — the paper's teachers are CNNs trained with a
 * long-tail loss — by its own optimiser of the run's kind, on the run's batches. Its weights come
 * from the 'teacher' stream, so the student's initial weights are those of a run without it.
 */
export class Teacher {
  readonly model: Classifier;
  private readonly optimizer: tf.Optimizer;
  private readonly logCounts: number[];

  constructor(config: RunConfig, inputShape: readonly number[], classCounts: readonly number[], compute: ComputeOptions = {}) {
    if (inputShape.length !== 3) throw new Error('The teacher CNN needs image inputs.');
    const cnn = { ...config.model, kind: 'cnn' as const };
    this.model = buildModel(cnn, inputShape, classCounts.length, { kind: 'linear' }, Rng.forPurpose(config.seed, 'teacher'), compute);
    this.optimizer = createOptimizer(config.optimizer);
    this.logCounts = classCounts.map(Math.log);
  }

  /** One balanced-softmax step on (x, y); returns the loss (call inside tf.tidy). */
  trainStep(x: tf.Tensor2D, y: tf.Tensor1D): tf.Scalar {
    const variables = [...this.model.backboneVariables, ...this.model.headVariables];
    return this.optimizer.minimize(() => crossEntropy(shiftLogits(logitsOf(this.model, x), this.logCounts), y), true, variables) ?? tf.scalar(NaN);
  }

  logits(x: tf.Tensor2D): tf.Tensor2D {
    return logitsOf(this.model, x);
  }

  /** Hard distillation targets: the teacher's argmax on x, int32 (call inside tf.tidy). */
  labels(x: tf.Tensor2D): tf.Tensor1D {
    return tf.argMax(this.logits(x), 1) as tf.Tensor1D;
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
  }
}
