import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from './data/build';
import { createBatchTransformer, drawDropoutMasks, headsFor } from './models/batchTransformer';
import { Rng } from './rng';
import { smallConfig, useCpuBackend } from './test/setup';
import { Trainer } from './trainer';

beforeAll(useCpuBackend);

const batchformer = (baseLoss = 1) => smallConfig({ method: { id: 'batchformer', params: { baseLoss } }, epochs: 3 });

describe('BatchFormer’s batch transformer', () => {
  it('picks the largest head count up to 4 that divides the width', () => {
    expect([16, 64, 6, 9, 7, 5].map((w) => headsFor(w, 4))).toEqual([4, 4, 3, 3, 1, 1]);
  });

  it('gives each sample attention weights over the batch that sum to 1, and keeps the feature shape', () => {
    const layer = createBatchTransformer(8, 4, new Rng(1));
    const x = tf.tensor2d(Array.from({ length: 40 }, (_, i) => Math.sin(i)), [5, 8]);
    const { features, attention } = layer.forward(x, drawDropoutMasks(5, 8, layer.ffn, 4, 0.5, new Rng(2)));
    expect(features.shape).toEqual([5, 8]);
    expect(Array.from(tf.sum(attention, 1).dataSync()).every((s) => Math.abs(s - 1) < 1e-5)).toBe(true);
    // LayerNorm output: each row has mean 0 and variance ≈ 1 (γ = 1, β = 0 at the start).
    const { mean, variance } = tf.moments(features, 1);
    expect(Math.max(...Array.from(mean.dataSync(), Math.abs))).toBeLessThan(1e-5);
    expect(Math.max(...Array.from(variance.dataSync(), (v) => Math.abs(v - 1)))).toBeLessThan(1e-3);
    layer.dispose();
  });

  it('draws masks of 0 and 1/(1 − p) with about a share p of zeros', () => {
    const m = drawDropoutMasks(32, 16, 16, 4, 0.5, new Rng(3));
    const values = m.attention.dataSync();
    expect(new Set(values)).toEqual(new Set([0, 2]));
    const zeros = values.filter((v) => v === 0).length / values.length;
    expect(zeros).toBeGreaterThan(0.45);
    expect(zeros).toBeLessThan(0.55);
    tf.dispose(Object.values(m));
  });
});

describe('BatchFormer in the trainer', () => {
  it('trains reproducibly from the seed, reports the class × class attention, and frees its tensors', async () => {
    const cfg = batchformer();
    const dataset = buildDataset(cfg.dataset, cfg.seed);
    const losses: number[][] = [];
    let attention: Float32Array | undefined;
    for (let run = 0; run < 2; run++) {
      const trainer = new Trainer(cfg, dataset);
      const before = tf.memory().numTensors;
      const l: number[] = [];
      for (let i = 0; i < 5; i++) {
        trainer.trainStep();
        l.push((await trainer.evaluate({ test: false })).trainLoss);
      }
      losses.push(l);
      const mid = tf.memory().numTensors;
      while (!trainer.done) trainer.trainStep();
      const s = await trainer.evaluate();
      expect(tf.memory().numTensors).toBeLessThanOrEqual(mid + 2);
      const ba = s.batchAttention;
      expect(ba?.complete).toBe(true);
      expect(ba?.epoch).toBe(cfg.epochs);
      expect(ba?.steps).toBe(trainer.stepsPerEpoch);
      attention = ba?.attention;
      const c = dataset.classes;
      const rows = (m: Float32Array) => Array.from({ length: c }, (_, r) => m.subarray(r * c, (r + 1) * c).reduce((a, b) => a + b, 0));
      // Every training example is a query once per epoch: rows sum to the class counts.
      rows(ba?.attention ?? new Float32Array(0)).forEach((sum, r) => expect(sum).toBeCloseTo(dataset.train.counts[r] ?? NaN, 2));
      rows(ba?.uniform ?? new Float32Array(0)).forEach((sum, r) => expect(sum).toBeCloseTo(dataset.train.counts[r] ?? NaN, 2));
      trainer.dispose();
      expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
    }
    expect(losses[0]).toEqual(losses[1]);
    expect(attention?.every(Number.isFinite)).toBe(true);
  });

  it('predicts without the module: the same test loss as the classifier on plain features', async () => {
    const cfg = batchformer(0);
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
    for (let i = 0; i < 4; i++) trainer.trainStep();
    const s = await trainer.evaluate();
    const model = trainer['parts'].model;
    const x = tf.tensor2d(trainer.dataset.test.x, [trainer.dataset.test.y.length, 2]);
    const probs = tf.softmax(model?.head(model.features(x)) ?? x);
    const y = tf.oneHot(tf.tensor1d(trainer.dataset.test.y, 'int32'), trainer.dataset.classes);
    const nll = tf.mean(tf.neg(tf.log(tf.sum(tf.mul(probs, y), 1)))).dataSync()[0] ?? NaN;
    expect(s.test.loss).toBeCloseTo(nll, 4);
    trainer.dispose();
  });
});
