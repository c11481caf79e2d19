import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../training/rng';
import { patchWasmIdentity } from './wasmIdentity';
import { patchWasmBatchMatMul } from './wasmMatMul';
import { patchWasmMaxPoolGrad } from './wasmMaxPoolGrad';

/** Values of `fn` on the CPU backend and on the patched wasm backend. */
async function onBoth(fn: () => tf.Tensor): Promise<[Float32Array, Float32Array]> {
  await tf.setBackend('cpu');
  const cpu = tf.tidy(fn);
  const expected = (await cpu.data()) as Float32Array;
  cpu.dispose();
  await tf.setBackend('wasm');
  const wasm = tf.tidy(fn);
  const actual = (await wasm.data()) as Float32Array;
  wasm.dispose();
  return [expected, actual];
}

function random(shape: number[], seed: number): tf.Tensor {
  const rng = new Rng(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] ?? NaN))), 0);
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  patchWasmBatchMatMul();
  patchWasmMaxPoolGrad();
  patchWasmIdentity();
});

describe('patched wasm kernels', () => {
  it('clones by sharing the data: the clone outlives its source, and nothing leaks', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    expect(y.dataId).toBe(x.dataId); // shared, not copied
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // Gradients save (clone) their inputs: a CNN-like backward pass still matches the CPU backend.
    const [cpu, wasm] = await onBoth(() => {
      const v = random([2, 4, 4, 3], 7) as tf.Tensor4D;
      const f = random([3, 3, 3, 2], 8) as tf.Tensor4D;
      return tf.grad((t: tf.Tensor) => tf.sum(tf.relu(tf.conv2d(t as tf.Tensor4D, f, 1, 'same'))))(v);
    });
    expect(maxAbsDiff(cpu, wasm)).toBeLessThan(1e-4);
  });

  it('multiplies with transposed operands like the CPU backend', async () => {
    for (const [ta, tb] of [
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const [cpu, wasm] = await onBoth(() => {
        const a = random(ta ? [7, 5] : [5, 7], 1) as tf.Tensor2D;
        const b = random(tb ? [3, 7] : [7, 3], 2) as tf.Tensor2D;
        return tf.matMul(a, b, ta, tb);
      });
      expect(maxAbsDiff(cpu, wasm)).toBeLessThan(1e-4);
    }
  });

  it('routes max-pool gradients to each window’s maximum like the CPU backend', async () => {
    const [cpu, wasm] = await onBoth(() => {
      const x = random([2, 6, 5, 3], 3) as tf.Tensor4D; // odd width: the last column is dropped
      const dy = random([2, 3, 2, 3], 4);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'), dy)))(x);
    });
    expect(maxAbsDiff(cpu, wasm)).toBeLessThan(1e-6);
  });

  it('also for other disjoint windows (3×3, stride 3)', async () => {
    const [cpu, wasm] = await onBoth(() => {
      const x = random([2, 7, 6, 2], 5) as tf.Tensor4D;
      const dy = random([2, 2, 2, 2], 6);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 3, 3, 'valid'), dy)))(x);
    });
    expect(maxAbsDiff(cpu, wasm)).toBeLessThan(1e-6);
  });
});
