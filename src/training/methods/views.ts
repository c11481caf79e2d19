import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';

/**
 * Augmented views of a batch, for the methods that compare a sample with itself under two
 * perturbations (SADE's test-time aggregation, MDCS's weak / strong views). Every draw comes
 * from the Rng handed in, so views are reproducible from the seed.
 *
 * 2-D points get Gaussian jitter; images (inputShape [h, w, c]) get a random integer shift with
 * zero fill, Gaussian pixel noise and, optionally, a cut-out square of zeros.
 */
export interface ViewSpec {
  /** 2-D points: standard deviation of the jitter, in input units (the data spans about ±1.6). */
  jitter: number;
  /** Images: largest shift in pixels along each axis (drawn uniformly in [−shift, shift]). */
  shift: number;
  /** Images: standard deviation of additive pixel noise (pixels are in [0, 1]). */
  noise: number;
  /** Images: side of the cut-out square in pixels (0: none). */
  cutout: number;
}

/** Gaussian noise of standard deviation `sigma`, shaped like x, drawn in JavaScript from `rng`. */
function gaussian(shape: [number, number], sigma: number, rng: Rng): tf.Tensor2D {
  const values = new Float32Array(shape[0] * shape[1]);
  for (let i = 0; i < values.length; i++) values[i] = sigma * rng.normal();
  return tf.tensor2d(values, shape);
}

/**
 * Gather indices that shift each image by (dy, dx) and cut out a square: index n·d (one past the
 * batch) reads the zero appended to the flattened batch.
 */
export function shiftIndices(n: number, shape: readonly [number, number, number], spec: Pick<ViewSpec, 'shift' | 'cutout'>, rng: Rng): Int32Array {
  const [h, w, c] = shape;
  const d = h * w * c;
  const zero = n * d;
  const idx = new Int32Array(n * d);
  for (let b = 0; b < n; b++) {
    const dy = rng.int(2 * spec.shift + 1) - spec.shift;
    const dx = rng.int(2 * spec.shift + 1) - spec.shift;
    const cy = spec.cutout > 0 ? rng.int(h) : -h;
    const cx = spec.cutout > 0 ? rng.int(w) : -w;
    const half = spec.cutout / 2;
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const si = i - dy;
        const sj = j - dx;
        const cut = Math.abs(i - cy) < half && Math.abs(j - cx) < half;
        const inside = si >= 0 && si < h && sj >= 0 && sj < w && !cut;
        for (let k = 0; k < c; k++) idx[b * d + (i * w + j) * c + k] = inside ? b * d + (si * w + sj) * c + k : zero;
      }
    }
  }
  return idx;
}

/** One augmented view of the rows of x (call inside tf.tidy). */
export function augmentView(x: tf.Tensor2D, inputShape: readonly number[] | undefined, spec: ViewSpec, rng: Rng): tf.Tensor2D {
  const [n, d] = x.shape;
  const [h, w, c] = inputShape ?? [];
  if (h === undefined || w === undefined || c === undefined) {
    return spec.jitter > 0 ? tf.add(x, gaussian([n, d], spec.jitter, rng)) : x;
  }
  let view = x;
  if (spec.shift > 0 || spec.cutout > 0) {
    const flat = tf.concat([tf.reshape(x, [-1]), tf.zeros([1])]);
    view = tf.reshape(tf.gather(flat, tf.tensor1d(shiftIndices(n, [h, w, c], spec, rng), 'int32')), [n, d]);
  }
  if (spec.noise > 0) view = tf.clipByValue(tf.add(view, gaussian([n, d], spec.noise, rng)), 0, 1) as tf.Tensor2D;
  return view;
}
