import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { weightedLogits } from './aggregation';
import type { TestTimeAggregationSpec } from './types';
import { augmentView, type ViewSpec } from './views';

/**
 * SADE's test-time self-supervised aggregation (Zhang et al. 2022, docs/methods.md): with the
 * network frozen, learn the K aggregation weights w of the output Σ_k softmax(w)_k·z_k on
 * unlabelled test inputs, by maximising the cosine similarity between the aggregated predictions
 * of two augmented views of each sample. Experts whose skill matches the test distribution make
 * predictions that are stable under perturbation, so the weights drift toward them.
 */

/**
 * The two views SADE compares: 2-D points get Gaussian jitter (σ = 0.05; the data span ±1.6, a
 * blob's own σ is about 0.25), images a shift of up to 2 pixels and pixel noise. At σ = 0.1 the
 * weights ran to the tail expert even on a uniform test set (accuracy 0.76 → 0.51, seeds 2 and 3
 * of the efficacy setting); at 0.05 they stay near equal there (within 3 points of accuracy) and
 * still follow forward and backward test sets (sade.efficacy.test.ts).
 */
export const SADE_VIEW: ViewSpec = { jitter: 0.05, shift: 2, noise: 0.05, cutout: 0 };

/** −mean_i cos(p¹_i, p²_i) with p^v = softmax(Σ_k a_k z^v_k), a = softmax(w): the loss the weights descend. */
export function aggregationConsistencyLoss(view1: readonly tf.Tensor2D[], view2: readonly tf.Tensor2D[], w: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const a = tf.softmax(w);
    const p1 = tf.softmax(weightedLogits(view1, a));
    const p2 = tf.softmax(weightedLogits(view2, a));
    const dot = tf.sum(tf.mul(p1, p2), 1);
    const norms = tf.mul(tf.norm(p1, 'euclidean', 1), tf.norm(p2, 'euclidean', 1));
    return tf.neg(tf.mean(tf.div(dot, tf.maximum(norms, 1e-12)))) as tf.Scalar;
  });
}

/** One report per pass over the test inputs. */
export interface AggregationProgress {
  /** Passes done (1-based). */
  epoch: number;
  /** Passes asked for (spec.epochs); fewer run when `stopped`. */
  epochs: number;
  /** softmax(w) after this pass. */
  weights: number[];
  /** True when a weight fell below the floor and training stopped early (the last report). */
  stopped: boolean;
}

export interface AggregationInputs {
  /** The frozen network: each expert's logits for inputs x (called inside tf.tidy). */
  expertLogits(x: tf.Tensor2D): tf.Tensor2D[];
  /** Unlabelled test inputs [n, d]. */
  inputs: tf.Tensor2D;
  /** The raw aggregation weights w, reset to 0 (equal weights) at the start. */
  weights: tf.Variable<tf.Rank.R1>;
  spec: TestTimeAggregationSpec;
  view: ViewSpec;
  inputShape?: readonly number[];
  /** Shuffling and views; a fresh stream per run keeps the result reproducible. */
  rng: Rng;
}

/**
 * Runs the aggregation, yielding after every pass (and stopping after a pass that leaves a weight
 * below spec.minWeight, as SADE's code does). Tensors it makes are freed when it ends or is abandoned.
 */
export async function* learnAggregationWeights(inputs: AggregationInputs): AsyncGenerator<AggregationProgress, void, undefined> {
  const { spec, weights, rng } = inputs;
  const n = inputs.inputs.shape[0];
  tf.tidy(() => weights.assign(tf.zerosLike(weights)));
  // SGD as torch.optim.SGD(momentum, nesterov=True, weight_decay) by hand: g ← g + λw,
  // v ← μv + g, w ← w − η(g + μv). tfjs 4.22's momentum optimizer leaks its learning-rate scalar.
  const velocity = tf.tidy(() => tf.variable(tf.zerosLike(weights), false));
  const decay = spec.weightDecay ?? 0;
  try {
    for (let epoch = 1; epoch <= spec.epochs; epoch++) {
      const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
      for (let start = 0; start < n; start += spec.batchSize) {
        const batch = order.subarray(start, Math.min(start + spec.batchSize, n));
        tf.tidy(() => {
          const x = tf.gather(inputs.inputs, tf.tensor1d(batch, 'int32'));
          const z1 = inputs.expertLogits(augmentView(x, inputs.inputShape, inputs.view, rng));
          const z2 = inputs.expertLogits(augmentView(x, inputs.inputShape, inputs.view, rng));
          const { grads } = tf.variableGrads(() => aggregationConsistencyLoss(z1, z2, weights), [weights]);
          const g = tf.add(grads[weights.name] ?? tf.zerosLike(weights), tf.mul(weights, decay));
          velocity.assign(tf.add(tf.mul(velocity, spec.momentum), g));
          weights.assign(tf.sub(weights, tf.mul(tf.add(g, tf.mul(velocity, spec.momentum)), spec.learningRate)));
        });
      }
      // The authors check the floor once per epoch, after it (test_training_cifar.py).
      const normalised = tf.softmax(weights);
      const current = Array.from(await normalised.data());
      normalised.dispose();
      const stopped = current.some((a) => a < spec.minWeight);
      yield { epoch, epochs: spec.epochs, weights: current, stopped };
      if (stopped) return;
    }
  } finally {
    velocity.dispose();
  }
}
