import * as tf from '@tensorflow/tfjs-core';

import type { OptimizerConfig } from '../config';

export type OptimizerKind = OptimizerConfig['kind'];

export interface OptimizerSpec {
  kind: OptimizerKind;
  learningRate: number;
  /** SGD only: heavy-ball momentum. */
  momentum: number;
}

/**
 * tfjs 4.22's MomentumOptimizer.dispose() frees its momentum scalar but not the learning-rate
 * scalar its parent class keeps: every SGD run would leave one tensor behind.
 */
class MomentumOptimizer extends tf.MomentumOptimizer {
  override dispose(): void {
    super.dispose();
    (this as unknown as { c: tf.Tensor }).c.dispose();
  }
}

export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  return spec.kind === 'adam' ? tf.train.adam(spec.learningRate) : new MomentumOptimizer(spec.learningRate, spec.momentum);
}
