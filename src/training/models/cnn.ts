import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import type { Backbone } from './classifier';
import { conv2dSameBy, type FilterGradMethod } from './conv';
import { applyDense, createDense, denseVariables, type DenseLayer } from './dense';

export interface CnnSpec {
  /** Input image [height, width, channels]. */
  inputShape: [number, number, number];
  /** Filters of each conv + 2×2 max-pool block, e.g. [16, 32]. */
  filters: number[];
  /** Units of the dense layer before the head. */
  dense: number;
  /** Square kernel size of every conv (odd). */
  kernel: number;
  /** How the convs' filter gradients are computed (the fastest depends on the backend); 'conv' if absent. */
  filterGrad?: FilterGradMethod;
}

/** The reference CNN of the image lessons: conv16–pool–conv32–pool–dense64. */
export const REFERENCE_CNN: Omit<CnnSpec, 'inputShape'> = { filters: [16, 32], dense: 64, kernel: 3 };

interface ConvLayer {
  filter: tf.Variable<tf.Rank.R4>;
  bias: tf.Variable<tf.Rank.R1>;
}

/** He-uniform conv filter drawn from the run's Rng (fan-in = k·k·Cin), zero bias. */
function createConv(kernel: number, inputs: number, outputs: number, rng: Rng): ConvLayer {
  const fanIn = kernel * kernel * inputs;
  const limit = Math.sqrt(6 / fanIn);
  const values = Float32Array.from({ length: fanIn * outputs }, () => (2 * rng.next() - 1) * limit);
  return tf.tidy(() => ({
    filter: tf.variable(tf.tensor4d(values, [kernel, kernel, inputs, outputs])),
    bias: tf.variable(tf.zeros<tf.Rank.R1>([outputs])),
  }));
}

/** Output side after `blocks` 2×2 'valid' pools. */
function pooledSide(side: number, blocks: number): number {
  let s = side;
  for (let i = 0; i < blocks; i++) s = Math.floor(s / 2);
  return s;
}

/**
 * The convolutional backbone: rows of flattened images in, dense features out. Conv layers use
 * conv2dSame, whose gradients need no Conv2DBackpropFilter kernel, so the wasm backend trains it.
 */
export function createCnnBackbone(spec: CnnSpec, rng: Rng, options: { trunkOnly?: boolean } = {}): Backbone {
  const [h, w, c] = spec.inputShape;
  const convs: ConvLayer[] = [];
  let channels = c;
  for (const f of spec.filters) {
    convs.push(createConv(spec.kernel, channels, f, rng));
    channels = f;
  }
  const flat = pooledSide(h, convs.length) * pooledSide(w, convs.length) * channels;
  if (flat === 0) throw new Error(`The image (${h}×${w}) is too small for ${convs.length} pooling blocks.`);
  const pooled = (x: tf.Tensor2D): tf.Tensor2D => {
    let t: tf.Tensor4D = tf.reshape(x, [x.shape[0], h, w, c]);
    for (const [i, layer] of convs.entries()) {
      const conv = conv2dSameBy(spec.filterGrad ?? 'conv', i === 0);
      const activated = tf.relu(tf.add(conv(t, layer.filter), layer.bias)) as tf.Tensor4D;
      t = tf.maxPool(activated, 2, 2, 'valid');
    }
    return tf.reshape(t, [t.shape[0], flat]);
  };
  // The conv blocks alone (flattened): multi-expert models with own stages put one dense layer per expert on them.
  if (options.trunkOnly) return { features: pooled, variables: convs.flatMap((l) => [l.filter, l.bias]), featureSize: flat };
  const dense: DenseLayer = createDense(flat, spec.dense, rng);
  return {
    features: (x) => tf.relu(applyDense(dense, pooled(x))),
    variables: [...convs.flatMap((l) => [l.filter, l.bias]), ...denseVariables(dense)],
    featureSize: spec.dense,
  };
}
