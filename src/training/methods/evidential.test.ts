import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test/setup';
import { aggregate } from './aggregation';
import { combineWithEngagement, dempster, digamma, dirichletKlToUniform, logGamma, opinionOf, opinionScores, type Opinion } from './evidential';
import { engagementWeights, evidentialTerms, tlcLoss } from './tlc';

beforeAll(useCpuBackend);

const read = (t: tf.Tensor) => Array.from(t.dataSync());
const close = (actual: readonly number[], expected: readonly number[], digits = 5) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i] ?? NaN, digits));
};
const opinion = (belief: number[], u: number): Opinion => ({ belief: tf.tensor2d([belief]), uncertainty: tf.tensor1d([u]) });
const LN3 = Math.log(3);

describe('evidential quantities (TLC)', () => {
  it('opinion of logits: e = exp(z), α = e + 1, b = e / S, u = C / S', () => {
    // z = (ln 3, 0): e = (3, 1), α = (4, 2), S = 6, b = (½, ⅙), u = ⅓; Σ b + u = 1.
    const o = opinionOf(tf.tensor2d([[LN3, 0]]));
    close(read(o.belief), [0.5, 1 / 6]);
    close(read(o.uncertainty), [1 / 3]);
    // Scores log(b + u/C) give softmax = b + u/C = (⅔, ⅓): the projected probability.
    close(read(tf.softmax(opinionScores(o))), [2 / 3, 1 / 3]);
  });

  it('Dempster’s rule on two small opinions', () => {
    // b¹ = (0.6, 0.2), u¹ = 0.2; b² = (0.3, 0.5), u² = 0.2. Conflict Cf = 0.6·0.5 + 0.2·0.3 = 0.36.
    // b₀ = (0.18 + 0.12 + 0.06) / 0.64 = 0.5625; b₁ = (0.10 + 0.04 + 0.10) / 0.64 = 0.375; u = 0.04 / 0.64 = 0.0625.
    const c = dempster(opinion([0.6, 0.2], 0.2), opinion([0.3, 0.5], 0.2));
    close(read(c.belief), [0.5625, 0.375]);
    close(read(c.uncertainty), [0.0625]);
    // Combining with a vacuous opinion (u = 1) changes nothing.
    const v = dempster(opinion([0.6, 0.2], 0.2), opinion([0, 0], 1));
    close(read(v.belief), [0.6, 0.2]);
    close(read(v.uncertainty), [0.2]);
  });

  it('dynamic engagement: samples below the threshold stop after expert 1', () => {
    // Sample A: z = (ln 3, 0), u = ⅓; sample B: z = (0, 0), u = ½. Threshold 0.4: A stops, B consults expert 2.
    const z1 = tf.tensor2d([[LN3, 0], [0, 0]]);
    const z2 = tf.tensor2d([[0, LN3], [LN3, 0]]);
    const e = combineWithEngagement([opinionOf(z1), opinionOf(z2)], 0.4);
    close(read(e.consulted), [1, 2]);
    close(read(e.engaged[1] as tf.Tensor), [0, 1]);
    // A keeps expert 1's opinion; B gets expert 1's combined with expert 2's.
    const both = dempster(opinionOf(tf.tensor2d([[0, 0]])), opinionOf(tf.tensor2d([[LN3, 0]])));
    close(read(e.uncertainty), [1 / 3, read(both.uncertainty)[0] ?? NaN]);
    const out = aggregate({ kind: 'evidential', threshold: 0 }, [z1, z2]);
    close(read(out.consulted as tf.Tensor), [2, 2]); // threshold 0: everyone consults everyone
  });

  it('log Γ and ψ against known values', () => {
    close(read(logGamma(tf.tensor1d([1, 2, 5, 10.5]))), [0, 0, Math.log(24), 13.940625], 5);
    // Large arguments do not overflow: log Γ(10⁶) = 12,815,504.57 to float32's 7 digits.
    expect(Math.abs((read(logGamma(tf.tensor1d([1e6])))[0] ?? NaN) / 12815504.569 - 1)).toBeLessThan(1e-6);
    close(read(digamma(tf.tensor1d([1, 2, 10]))), [-0.5772157, 0.4227843, 2.2517526], 5);
  });

  it('KL(Dir(α) ‖ Dir(1)) against closed forms', () => {
    // Dir(2, 1) = Beta(2, 1), density 2x: KL = ln 2 − ½ = 0.193147. Dir(3, 1): 3x², KL = ln 3 − ⅔ = 0.431946.
    close(read(dirichletKlToUniform(tf.tensor2d([[2, 1], [3, 1], [1, 1]]))), [0.193147, 0.431946, 0], 5);
  });

  it('TLC terms: NLL of margin-shifted logits, KL on non-target evidence only', () => {
    // z = (0, 0), y = 0, margin ½, s = 1: NLL = −log softmax(−½, 0)₀ = ln(1 + e^½) = 0.974077;
    // α̃ = (1, e⁰ + 1) = (1, 2): KL = 0.193147.
    const { nll, kl } = evidentialTerms(tf.tensor2d([[0, 0]]), tf.tensor1d([0], 'int32'), [0.5, 0.5], 1);
    close(read(nll), [0.974077]);
    close(read(kl), [0.193147]);
  });

  it('TLC loss: expert 2 trains only on the samples whose chained uncertainty w₂ = u₁ is above τ·max (authors’ rule)', () => {
    const y = tf.tensor1d([0, 0], 'int32');
    // Sample A: z = (0, 0), u = ½; sample B: z = (5, 0), u = 2 / (e⁵ + 3) = 0.0132: w₂ / max w₂ = (1, 0.026).
    const z = tf.tensor2d([[0, 0], [5, 0]]);
    const options = { margins: [0.5, 0.5], scale: 1, classWeights: [1, 1], klWeight: 1, temperature: 1, diversity: 0 };
    // l_A = 0.974077 + 0.193147; l_B = ln(1 + e^−4.5) + 0.193147 = 0.011048 + 0.193147 (non-target logit 0 both).
    const lA = 0.974077 + 0.193147;
    const lB = 0.011048 + 0.193147;
    // τ = 0: both experts train on both samples; τ = 0.54: expert 2 on A only.
    expect(tlcLoss([z, z], y, { ...options, tau: 0 }).dataSync()[0]).toBeCloseTo(lA + lB, 4);
    expect(tlcLoss([z, z], y, { ...options, tau: 0.54 }).dataSync()[0]).toBeCloseTo((lA + lB) / 2 + lA, 4);
    // The engagement masks carry no gradient; the loss does, to every engaged expert and sample.
    const [g1, g2] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tlcLoss([a as tf.Tensor2D, b as tf.Tensor2D], y, { ...options, tau: 0.54 }))([z, tf.clone(z)]);
    expect(read(g1 as tf.Tensor).slice(2).some((v) => Math.abs(v) > 1e-3)).toBe(true);
    close(read(g2 as tf.Tensor).slice(2), [0, 0]);
    expect(read(g2 as tf.Tensor).slice(0, 2).some((v) => Math.abs(v) > 1e-3)).toBe(true);
  });

  it('TLC engagement weights chain u / (1 − C) expert to expert', () => {
    // Expert 1 z = (0, 0): b = (¼, ¼), u = ½. Expert 2 z = (ln 3, 0): e = (3, 1), S = 6, b = (½, ⅙), u = ⅓.
    // w₁ = 1, w₂ = u₁ = ½, w₃ = w₂·u₂ / (1 − C), C = ¼·⅙ + ¼·½ = 1/6: ½·⅓ / (5/6) = 0.2.
    const w = engagementWeights([tf.tensor2d([[0, 0]]), tf.tensor2d([[LN3, 0]]), tf.tensor2d([[0, 0]])]);
    close(w.flatMap((t) => read(t)), [1, 0.5, 0.2]);
  });
});
