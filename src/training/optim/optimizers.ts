import * as tf from '@tensorflow/tfjs-core';

export type OptimizerKind = 'sgd' | 'adam';

export interface OptimizerSpec {
  kind: OptimizerKind;
  learningRate: number;
  /** SGD only: heavy-ball momentum. */
  momentum: number;
}

export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  return spec.kind === 'adam'
    ? tf.train.adam(spec.learningRate)
    : tf.train.momentum(spec.learningRate, spec.momentum);
}
