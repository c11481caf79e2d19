import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { buildDataset } from '../data/build';
import { smallConfig, useCpuBackend } from '../test/setup';
import { bitAt } from './memorisation';
import { complementOf, subsetSplit, trainOnSubset } from './subsetModel';

beforeAll(useCpuBackend);

describe('subset models', () => {
  it('restricts the training split and recounts its classes', () => {
    const split = { x: Float32Array.from([0, 0, 1, 1, 2, 2, 3, 3]), y: Int32Array.from([0, 1, 1, 2]), counts: [1, 2, 1] };
    const sub = subsetSplit(split, Int32Array.from([1, 3]), 3, 2);
    expect([...sub.x]).toEqual([1, 1, 3, 3]);
    expect([...sub.y]).toEqual([1, 2]);
    expect(sub.counts).toEqual([0, 1, 1]);
    expect([...complementOf(5, [1, 3])]).toEqual([0, 2, 4]);
  });

  it('trains on a subset that lacks a class, scores every example, and frees its tensors', async () => {
    const config = smallConfig({ epochs: 2, method: { id: 'ldam-drw', params: {} } });
    const dataset = buildDataset(config.dataset, config.seed);
    const n = dataset.train.y.length;
    const last = dataset.classes - 1;
    // Every example but those of the rarest class: its count is 0 in the subset.
    const keep = Int32Array.from([...dataset.train.y.keys()].filter((i) => dataset.train.y[i] !== last));
    const before = tf.memory().numTensors;
    const r = await trainOnSubset(config, dataset, keep, 7);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.trainCorrect.length).toBe(Math.ceil(n / 8));
    expect(r.testCorrect.length).toBe(Math.ceil(dataset.test.y.length / 8));
    let right = 0;
    for (let i = 0; i < n; i++) if (bitAt(r.trainCorrect, i)) right++;
    // Blobs: the head classes are learnt (a finite loss, not a NaN model predicting one class).
    expect(right / n).toBeGreaterThan(0.5);
  });
});
