import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cosineLogits, linearLogits, type LinearHead } from '../models/head';
import { Rng } from '../rng';
import { useCpuBackend } from '../test/setup';
import { balancedSoftmaxMethod } from './balancedSoftmax';
import { logitAdjustmentMethod } from './logitAdjustment';
import { logitAdjustmentPosthocMethod } from './logitAdjustmentPosthoc';
import {
  crossEntropy,
  focalLoss,
  labelAwareSmoothingLoss,
  ldamLoss,
  mixedCrossEntropy,
  mixedWeightedCrossEntropy,
  weightedCrossEntropy,
} from './losses';
import { mixInputs } from './mixing';
import { tauNormMethod } from './tauNorm';
import { resolveParams, type MethodDefinition, type ParamValues } from './types';

beforeAll(useCpuBackend);

const LN3 = Math.log(3);
/** A scalar tensor's value, disposing it. */
const value = (t: tf.Tensor) => {
  const v = t.dataSync()[0] ?? NaN;
  t.dispose();
  return v;
};
const logits = (rows: number[][]) => tf.tensor2d(rows);
const labels = (ys: number[]) => tf.tensor1d(ys, 'int32');
const runtime = (m: MethodDefinition, counts: number[], params: ParamValues = {}) =>
  m.create({ classCounts: counts, params: resolveParams(m, params), rng: new Rng(0) });

describe('losses against hand-computed values', () => {
  // z = (ln 3, 0) gives p = (0.75, 0.25): −log p = 0.287682 (class 0) and 1.386294 (class 1).
  it('cross-entropy', () => {
    expect(value(crossEntropy(logits([[LN3, 0]]), labels([0])))).toBeCloseTo(0.287682, 5);
    expect(value(crossEntropy(logits([[LN3, 0], [LN3, 0]]), labels([0, 1])))).toBeCloseTo((0.287682 + 1.386294) / 2, 5);
  });

  it('weighted cross-entropy uses PyTorch’s Σ w_y ℓ / Σ w_y', () => {
    // weights (1, 3): (1·0.287682 + 3·1.386294) / (1 + 3) = 1.111641
    expect(value(weightedCrossEntropy(logits([[LN3, 0], [LN3, 0]]), labels([0, 1]), [1, 3]))).toBeCloseTo(1.111641, 5);
  });

  it('balanced softmax: CE(z + log n) on known logits and counts', () => {
    // z = (0, 0), n = (3, 1): softmax(z + log n) = (¾, ¼) → label 1: log 4 = 1.386294; label 0: −log ¾ = 0.287682.
    const bs = runtime(balancedSoftmaxMethod, [3, 1]);
    expect(value(bs.loss({ logits: logits([[0, 0]]), labels: labels([1]), progress: 0 }))).toBeCloseTo(Math.log(4), 5);
    expect(value(bs.loss({ logits: logits([[0, 0]]), labels: labels([0]), progress: 0 }))).toBeCloseTo(0.287682, 5);
    // Logit-adjusted loss at τ = 1 is the same function: log π = log n − log N shifts every logit by the same constant.
    const la = runtime(logitAdjustmentMethod, [3, 1], { tau: 1 });
    expect(value(la.loss({ logits: logits([[0, 0]]), labels: labels([1]), progress: 0 }))).toBeCloseTo(Math.log(4), 5);
    // τ = 0 is plain cross-entropy: log 2.
    const la0 = runtime(logitAdjustmentMethod, [3, 1], { tau: 0 });
    expect(value(la0.loss({ logits: logits([[0, 0]]), labels: labels([1]), progress: 0 }))).toBeCloseTo(Math.log(2), 5);
  });

  it('focal loss at γ = 0 equals cross-entropy, and at γ = 2 scales it by (1 − p_y)²', () => {
    const z = logits([[LN3, 0], [0.3, -1.2], [2, 2]]);
    const y = labels([0, 1, 1]);
    expect(value(focalLoss(z, y, 0))).toBeCloseTo(value(crossEntropy(z, y)), 6);
    // p_y = 0.75: (0.25)²·0.287682 = 0.017980
    expect(value(focalLoss(logits([[LN3, 0]]), labels([0]), 2))).toBeCloseTo(0.01798, 5);
    // Class-balanced (LDAM-DRW code's FocalLoss(weight=α)): α₀ = 2, ℓ = 2·0.287682 = 0.575364,
    // e^{−ℓ} = (¾)² = 0.5625, γ = 1: 0.4375·0.575364 = 0.251722.
    expect(value(focalLoss(logits([[LN3, 0]]), labels([0]), 1, [2, 1]))).toBeCloseTo(0.251722, 5);
    z.dispose();
    y.dispose();
  });

  it('label-aware smoothing: (1 − ε)(−log p_y) + ε·mean_k(−log p_k)', () => {
    // ε_0 = 0.2: 0.8·0.287682 + 0.2·(0.287682 + 1.386294) / 2 = 0.230146 + 0.167398 = 0.397543
    expect(value(labelAwareSmoothingLoss(logits([[LN3, 0]]), labels([0]), [0.2, 0]))).toBeCloseTo(0.397543, 5);
    // ε = 0 for the label's class is cross-entropy.
    expect(value(labelAwareSmoothingLoss(logits([[LN3, 0]]), labels([1]), [0.2, 0]))).toBeCloseTo(1.386294, 5);
  });

  it('LDAM: the true logit is lowered by s·m_y', () => {
    // s = 2, m = (0.5, 0.25), z = (1, 1), y = 0: (1 − 2·0.5, 1) = (0, 1) → log(1 + e) = 1.313262.
    expect(value(ldamLoss(logits([[1, 1]]), labels([0]), [0.5, 0.25], 2, [1, 1]))).toBeCloseTo(1.313262, 5);
    // y = 1: (1, 1 − 0.5) → −log(e^0.5 / (e + e^0.5)) = log(1 + e^0.5) = 0.974077.
    expect(value(ldamLoss(logits([[1, 1]]), labels([1]), [0.5, 0.25], 2, [1, 1]))).toBeCloseTo(Math.log(1 + Math.exp(0.5)), 5);
  });

  it('mixup: at λ = 1 the input and the loss are plain CE; at λ = 0.3 the loss is 0.3·CE(y_a) + 0.7·CE(y_b)', () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const y = labels([0, 1]);
    const whole = mixInputs({ x, labels: y, labelValues: Int32Array.from([0, 1]) }, { lambda: 1, partner: Int32Array.from([1, 0]) }, Float32Array.from([1, 1]));
    expect(Array.from(whole.x.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(whole.labelsB.dataSync())).toEqual([1, 0]);
    const z = logits([[LN3, 0], [0.5, -0.5]]);
    expect(value(mixedCrossEntropy(z, y, whole))).toBeCloseTo(value(crossEntropy(z, y)), 6);
    // x̃ = 0.3·x + 0.7·x[partner]: row 0 = 0.3·(1, 2) + 0.7·(3, 4) = (2.4, 3.4).
    const part = mixInputs({ x, labels: y, labelValues: Int32Array.from([0, 1]) }, { lambda: 0.3, partner: Int32Array.from([1, 0]) }, Float32Array.from([0.3, 0.3]));
    Array.from(part.x.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([2.4, 3.4, 1.6, 2.6][i] ?? NaN, 5));
    // One row z = (ln 3, 0), y_a = 0, y_b = 1: 0.3·0.287682 + 0.7·1.386294 = 1.056711.
    const single = { labelsB: labels([1]), weightA: tf.tensor1d([0.3]) };
    expect(value(mixedCrossEntropy(logits([[LN3, 0]]), labels([0]), single))).toBeCloseTo(1.056711, 5);
    tf.dispose([x, y, z, whole.x, whole.labelsB, whole.weightA, part.x, part.labelsB, part.weightA, single.labelsB, single.weightA]);
  });
});

describe('prediction-time adjustments', () => {
  const identityHead = (): LinearHead => ({ kernel: tf.tensor2d([[1, 0], [0, 1]]), bias: tf.tensor1d([0, 0]) });
  const predicted = (head: LinearHead, features: number[][]) => Array.from(tf.argMax(linearLogits(tf.tensor2d(features), head), 1).dataSync());

  it('post-hoc logit adjustment: argmax(z − τ·log π) moves an unsure head prediction to the tail', () => {
    // π = (0.9, 0.1), z = (1, 0): τ = 0 → class 0; τ = 1 → (1 − ln 0.9, −ln 0.1) = (1.105, 2.303) → class 1.
    // A confident head example z = (3, 0) stays: (3.105, 2.303) → class 0.
    const rt = runtime(logitAdjustmentPosthocMethod, [90, 10]);
    tf.tidy(() => {
      expect(predicted(rt.predictionHead!(identityHead(), 0), [[1, 0]])).toEqual([0]);
      expect(predicted(rt.predictionHead!(identityHead(), 1), [[1, 0], [3, 0]])).toEqual([1, 0]);
      const b = rt.predictionHead!(identityHead(), 1).bias.dataSync();
      expect(b[0]).toBeCloseTo(0.105361, 5);
      expect(b[1]).toBeCloseTo(2.302585, 5);
    });
  });

  it('τ-norm: unit norms at τ = 1, unchanged at τ = 0, ‖w‖^{1−τ} between', () => {
    // Columns (3, 4) and (0, 1): norms 5 and 1.
    const rt = runtime(tauNormMethod, [90, 10]);
    const norms = (tau: number) =>
      tf.tidy(() => {
        const head = rt.predictionHead!({ kernel: tf.tensor2d([[3, 0], [4, 1]]), bias: tf.tensor1d([0.5, -0.5]) }, tau);
        return { norms: Array.from(tf.norm(head.kernel, 'euclidean', 0).dataSync()), bias: Array.from(head.bias.dataSync()) };
      });
    norms(1).norms.forEach((n) => expect(n).toBeCloseTo(1, 5));
    expect(norms(0).norms[0]).toBeCloseTo(5, 5);
    expect(norms(0).norms[1]).toBeCloseTo(1, 5);
    expect(norms(0.5).norms[0]).toBeCloseTo(Math.sqrt(5), 5); // 5 / 5^½
    // Kang et al.'s τ-norm predicts without the bias.
    expect(norms(1).bias).toEqual([0, 0]);
  });

  it('cosine logits are s·cos(f, w_j)', () => {
    // f = (3, 4), w_0 = (1, 0), w_1 = (0, 2): cos = 0.6, 0.8; s = 30 → 18, 24.
    const out = tf.tidy(() => Array.from(cosineLogits(tf.tensor2d([[3, 4]]), tf.tensor2d([[1, 0], [0, 2]]), 30).dataSync()));
    expect(out[0]).toBeCloseTo(18, 4);
    expect(out[1]).toBeCloseTo(24, 4);
  });
});

describe('mixed cross-entropy with DRW class weights (Remix-DRW)', () => {
  it('weights each label’s term by its class weight, normalised by the weights used', () => {
    // z = (ln 3, 0): CE(0) = ln(4/3) = 0.287682, CE(1) = ln 4 = 1.386294. w_A = ¼, ω = (1, 3):
    // a = ¼·1, b = ¾·3 = 2.25; (0.25·0.287682 + 2.25·1.386294) / 2.5 = 1.276433.
    const value = tf.tidy(() => {
      const mix = { labelsB: tf.tensor1d([1], 'int32'), weightA: tf.tensor1d([0.25]) };
      return mixedWeightedCrossEntropy(tf.tensor2d([[Math.log(3), 0]]), tf.tensor1d([0], 'int32'), mix, [1, 3]).dataSync()[0];
    });
    expect(value).toBeCloseTo(1.276433, 5);
  });
});
