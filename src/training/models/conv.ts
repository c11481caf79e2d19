import * as tf from '@tensorflow/tfjs-core';

/**
 * A [kh, kw, Cin, kh·kw] depthwise filter that copies each window position of each channel into
 * its own output channel: depthwise convolution with it is im2col as a single fast kernel.
 */
function windowSelector(kh: number, kw: number, channels: number): tf.Tensor4D {
  const k = kh * kw;
  const values = new Float32Array(kh * kw * channels * k);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      for (let c = 0; c < channels; c++) values[((i * kw + j) * channels + c) * k + i * kw + j] = 1;
    }
  }
  return tf.tensor4d(values, [kh, kw, channels, k]);
}

/**
 * Patches of every 'same'-padded, stride-1 window of x: [B, H, W, Cin·kh·kw], channel
 * c·kh·kw + (i·kw + j) holding x[·, y + i − ⌊kh/2⌋, x + j − ⌊kw/2⌋, c] (zero outside the image).
 */
export function extractPatches(x: tf.Tensor4D, kh: number, kw: number): tf.Tensor4D {
  return tf.tidy(() => tf.depthwiseConv2d(x, windowSelector(kh, kw, x.shape[3]), 1, 'same') as tf.Tensor4D);
}

/**
 * The same filter gradient as im2col plus one matrix product, dW = patches(x)ᵀ · dy. Slower than
 * conv2dFilterGrad on wasm and WebGL, faster on WebGPU (a split-K matrix product on the GPU);
 * the bench compares the two with `&filterGrad=conv|patches`.
 */
export function conv2dFilterGradByPatches(x: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, cin] = x.shape;
    const cout = dy.shape[3];
    const cols = tf.reshape(extractPatches(x, kh, kw), [b * h * w, cin * kh * kw]);
    const grads = tf.reshape(dy, [b * h * w, cout]);
    // Rows come out in (channel, window) order; the filter wants (window row, window column, channel).
    const byChannel = tf.reshape(tf.matMul(cols, grads, true, false), [cin, kh, kw, cout]);
    return tf.transpose(byChannel, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}

/** How conv2dSame's backward pass computes the filter gradient; the fast one depends on the backend. */
export type FilterGradMethod = 'conv' | 'patches';

/**
 * The filter gradient of a 'same', stride-1 conv2d, dW[i, j, c, o] = Σ x[b, y+i−p, x+j−p, c] ·
 * dy[b, y, x, o], computed as one more forward convolution with batch and channels swapped: the
 * padded input as [Cin, H+2p, W+2p, B] "images" of B channels, convolved ('valid') with dy as an
 * [H, W, B, Cout] "filter", gives [Cin, kh, kw, Cout]. tfjs' wasm backend has no
 * Conv2DBackpropFilter kernel, so without this a CNN cannot train on wasm at all; this way the
 * backend's fastest kernel (XNNPACK's convolution) does it, reading the input in place where
 * im2col + a matrix product had to write and transpose [B·H·W, Cin·kh·kw] patches first.
 */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number): tf.Tensor4D {
  return tf.tidy(() => {
    const ph = (kh - 1) / 2;
    const pw = (kw - 1) / 2;
    const padded = tf.pad(x, [[0, 0], [ph, ph], [pw, pw], [0, 0]]);
    const images = tf.transpose(padded, [3, 1, 2, 0]) as tf.Tensor4D;
    const filter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
    return tf.transpose(tf.conv2d(images, filter, 1, 'valid'), [1, 2, 0, 3]) as tf.Tensor4D;
  });
}

/**
 * The input gradient of a 'same', stride-1 conv2d with an odd kernel: a 'same' convolution of
 * dy with the filter rotated by 180° and its channels swapped (uses the forward Conv2D kernel).
 */
export function conv2dInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.conv2d(dy, tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]), 1, 'same'));
}

function makeConv2dSame(withInputGrad: boolean, filterGrad: FilterGradMethod) {
  const filterGradient = filterGrad === 'conv' ? conv2dFilterGrad : conv2dFilterGradByPatches;
  return tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, filter, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    const [kh, kw] = filter.shape;
    if (kh % 2 === 0 || kw % 2 === 0) throw new Error('conv2dSame needs an odd kernel size');
    save([x, filter]);
    return {
      value: tf.conv2d(x, filter, 1, 'same'),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [sx, sf] = saved as [tf.Tensor4D, tf.Tensor4D];
        const g = (Array.isArray(dy) ? dy[0] : dy) as tf.Tensor4D;
        return [withInputGrad ? conv2dInputGrad(g, sf) : tf.zerosLike(sx), filterGradient(sx, g, kh, kw)];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor4D, filter: tf.Tensor4D) => tf.Tensor4D;
}

/**
 * conv2d (NHWC, stride 1, 'same' padding, odd square-or-not kernel) whose gradients avoid the
 * Conv2DBackpropFilter / Conv2DBackpropInput kernels: the forward pass is the backend's own
 * Conv2D, and so is the backward pass: two more Conv2Ds (filter and input gradients).
 */
export const conv2dSame = makeConv2dSame(true, 'conv');

/**
 * conv2dSame for a layer whose input is the data itself (the first layer): nothing upstream
 * learns, so the input gradient is returned as zeros instead of computed (one Conv2D less per
 * step: 6 of ≈155 ms on the reference CNN, measured with `bench.html?…&profile`).
 */
export const conv2dSameOnData = makeConv2dSame(false, 'conv');

const BY_PATCHES = { inner: makeConv2dSame(true, 'patches'), onData: makeConv2dSame(false, 'patches') };

/** The conv2dSame of a layer (`onData`: the first one) whose filter gradient is computed by `filterGrad`. */
export function conv2dSameBy(filterGrad: FilterGradMethod, onData: boolean): typeof conv2dSame {
  if (filterGrad === 'patches') return onData ? BY_PATCHES.onData : BY_PATCHES.inner;
  return onData ? conv2dSameOnData : conv2dSame;
}
