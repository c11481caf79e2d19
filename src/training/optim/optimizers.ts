import * as tf from '@tensorflow/tfjs-core';

import type { OptimizerConfig } from '../config';
import { MuonOptimizer } from './muon';

export type OptimizerKind = OptimizerConfig['kind'];

export interface OptimizerSpec {
  kind: OptimizerKind;
  learningRate: number;
  /** SGD only: heavy-ball momentum. */
  momentum: number;
  /** SGD only: Nesterov momentum (PyTorch's nesterov=True); absent: heavy ball. */
  nesterov?: boolean;
  /**
   * L2 weight decay λ: λ·w is added to every variable's gradient before the update, as
   * PyTorch's `weight_decay` does for both torch.optim.SGD and torch.optim.Adam (coupled L2,
   * not AdamW's decoupled decay). Kang et al. train with SGD, momentum 0.9, weight decay 5e-4.
   * Absent or 0: no decay.
   */
  weightDecay?: number;
  /** Muon only: the hidden matrices' learning rate (learningRate is then the auxiliary AdamW's). */
  muonLearningRate?: number;
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

/**
 * Adds λ·w to each gradient before the optimiser's own update (minimize() ends in
 * applyGradients with gradients named by variable). Biases decay too, as in PyTorch when all
 * parameters share one group (Kang et al.'s and the long-tail repos' default).
 */
function withWeightDecay(optimizer: tf.Optimizer, weightDecay: number): tf.Optimizer {
  const apply = optimizer.applyGradients.bind(optimizer);
  optimizer.applyGradients = (gradients: Parameters<tf.Optimizer['applyGradients']>[0]) => {
    const variables = tf.engine().registeredVariables;
    const list = Array.isArray(gradients) ? gradients : Object.entries(gradients).map(([name, tensor]) => ({ name, tensor }));
    const decayed = list.map(({ name, tensor }) => {
      const variable = variables[name];
      return { name, tensor: variable ? tf.tidy(() => tf.add(tensor, tf.mul(variable, weightDecay))) : tensor };
    });
    apply(decayed);
    decayed.forEach((d, i) => {
      if (d.tensor !== list[i]?.tensor) d.tensor.dispose();
    });
  };
  return optimizer;
}

/**
 * `hidden`: the variables Muon orthogonalises (optim/muon.ts hiddenMatrices); other optimisers
 * ignore it. Muon's weight decay is decoupled (muon.py), SGD's and Adam's coupled L2.
 */
export function createOptimizer(spec: OptimizerSpec, hidden: readonly tf.Variable[] = []): tf.Optimizer {
  if (spec.kind === 'muon') {
    const names = new Set(hidden.map((v) => v.name));
    return new MuonOptimizer({ muonLearningRate: spec.muonLearningRate ?? 0.02, adamLearningRate: spec.learningRate, weightDecay: spec.weightDecay ?? 0, hidden: names });
  }
  const optimizer = spec.kind === 'adam' ? tf.train.adam(spec.learningRate) : new MomentumOptimizer(spec.learningRate, spec.momentum, spec.nesterov ?? false);
  const weightDecay = spec.weightDecay ?? 0;
  return weightDecay > 0 ? withWeightDecay(optimizer, weightDecay) : optimizer;
}
