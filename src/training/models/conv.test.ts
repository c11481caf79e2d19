import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test/setup';
import { Rng } from '../rng';
import { conv2dSame, conv2dSameBy, conv2dSameOnData, extractPatches, type FilterGradMethod } from './conv';

beforeAll(useCpuBackend);

function random(shape: number[], seed: number): tf.Tensor {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.normal()), shape);
}

describe('conv2dSame', () => {
  it('lays patches out channel by channel, window position within: a 1×1 image is zero but the centre', () => {
    const x = tf.tensor4d([5, 7], [1, 1, 1, 2]); // one 1×1 image, two channels
    expect(Array.from(extractPatches(x, 3, 3).dataSync())).toEqual([0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0]);
  });

  it('puts a 2×2 image’s neighbours in the right window slots', () => {
    // [[1, 2], [3, 4]]: the window around the top-left pixel sees 1 at centre (slot 4),
    // 2 to the right (slot 5), 3 below (slot 7) and 4 below-right (slot 8).
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    expect(Array.from(extractPatches(x, 3, 3).dataSync()).slice(0, 9)).toEqual([0, 0, 0, 0, 1, 2, 0, 3, 4]);
  });

  it("computes a hand-checked 'same' convolution", () => {
    // 2×2 image [[1, 2], [3, 4]], 3×3 filter of ones: each output sums its in-image neighbours = 10.
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const f = tf.ones([3, 3, 1, 1]) as tf.Tensor4D;
    expect(Array.from(conv2dSame(x, f).dataSync())).toEqual([10, 10, 10, 10]);
  });

  it.each<FilterGradMethod>(['conv', 'patches'])('has the same value and gradients as tfjs’ own conv2d (filter gradient by %s)', (method) => {
    const conv2dSame = conv2dSameBy(method, false);
    const x = random([2, 5, 4, 3], 1) as tf.Tensor4D;
    const f = random([3, 3, 3, 4], 2) as tf.Tensor4D;
    const dy = random([2, 5, 4, 4], 3);
    const ours = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv2dSame(a as tf.Tensor4D, b as tf.Tensor4D), dy)));
    const theirs = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'), dy)));
    const [dxOurs, dfOurs] = ours([x, f]);
    const [dxTheirs, dfTheirs] = theirs([x, f]);
    const close = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] ?? Infinity;
    expect(close(conv2dSame(x, f), tf.conv2d(x, f, 1, 'same'))).toBeLessThan(1e-4);
    expect(close(dxOurs!, dxTheirs!)).toBeLessThan(1e-4);
    expect(close(dfOurs!, dfTheirs!)).toBeLessThan(1e-4);
  });

  it('on the data layer: the same value and filter gradient, and no input gradient', () => {
    const x = random([2, 5, 4, 3], 4) as tf.Tensor4D;
    const f = random([3, 3, 3, 4], 5) as tf.Tensor4D;
    const dy = random([2, 5, 4, 4], 6);
    const loss = (conv: typeof conv2dSame) => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), dy)));
    const [dxData, dfData] = loss(conv2dSameOnData)([x, f]);
    const [, dfFull] = loss(conv2dSame)([x, f]);
    expect(Array.from(conv2dSameOnData(x, f).dataSync())).toEqual(Array.from(conv2dSame(x, f).dataSync()));
    expect(Array.from(dfData!.dataSync())).toEqual(Array.from(dfFull!.dataSync()));
    expect(tf.max(tf.abs(dxData!)).dataSync()[0]).toBe(0);
  });
});
