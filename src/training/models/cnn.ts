import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import type { Backbone } from './classifier';
import { conv2dSameBy, type FilterGradMethod } from './conv';
import { applyDense, createDense, denseVariables, heInitValues, type DenseLayer } from './dense';

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
  const values = heInitValues(fanIn, outputs, rng);
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

/** Conv 3×3 (same) + ReLU + 2×2 max-pool blocks on NHWC maps; `onData`: the first block reads the inputs (no input gradient needed). */
function convBlocks(convs: readonly ConvLayer[], filterGrad: FilterGradMethod | undefined, onData: boolean) {
  return (t: tf.Tensor4D): tf.Tensor4D => {
    for (const [i, layer] of convs.entries()) {
      const conv = conv2dSameBy(filterGrad ?? 'conv', onData && i === 0);
      t = tf.maxPool(tf.relu(tf.add(conv(t, layer.filter), layer.bias)) as tf.Tensor4D, 2, 2, 'valid');
    }
    return t;
  };
}

/**
 * The convolutional backbone: rows of flattened images in, dense features out. Conv layers use
 * conv2dSame, whose gradients need no Conv2DBackpropFilter kernel, so the wasm backend trains it.
 * `trunkOnly`: every conv block but the last, flattened — the shared trunk under experts that own
 * the rest (createCnnExpertStage).
 */
export function createCnnBackbone(spec: CnnSpec, rng: Rng, options: { trunkOnly?: boolean } = {}): Backbone {
  const [h, w, c] = spec.inputShape;
  const filters = options.trunkOnly ? spec.filters.slice(0, -1) : spec.filters;
  const convs: ConvLayer[] = [];
  let channels = c;
  for (const f of filters) {
    convs.push(createConv(spec.kernel, channels, f, rng));
    channels = f;
  }
  const side = [pooledSide(h, spec.filters.length), pooledSide(w, spec.filters.length)];
  if (side[0] === 0 || side[1] === 0) throw new Error(`The image (${h}×${w}) is too small for ${spec.filters.length} pooling blocks.`);
  const blocks = convBlocks(convs, spec.filterGrad, true);
  const maps = (x: tf.Tensor2D): tf.Tensor4D => blocks(tf.reshape(x, [x.shape[0], h, w, c]));
  const convVariables = convs.flatMap((l) => [l.filter, l.bias]);
  if (options.trunkOnly) {
    const size = pooledSide(h, convs.length) * pooledSide(w, convs.length) * channels;
    return { features: (x) => tf.reshape(maps(x), [x.shape[0], size]), variables: convVariables, featureSize: size };
  }
  const flat = side[0]! * side[1]! * channels;
  const dense: DenseLayer = createDense(flat, spec.dense, rng);
  return {
    features: (x) => tf.relu(applyDense(dense, tf.reshape(maps(x), [x.shape[0], flat]))),
    variables: [...convVariables, ...denseVariables(dense)],
    featureSize: spec.dense,
  };
}

/**
 * The share of the full width an expert's own stage gets: the authors' reduce_dimension (RIDE's and
 * SADE's ResNet-32 experts own layer2 and layer3 at 24 and 48 channels instead of 32 and 64), which
 * keeps K experts' cost near one network's.
 */
export const EXPERT_WIDTH = 0.75;

/**
 * One expert's own stage on the trunk of createCnnBackbone(…, { trunkOnly }): the last conv block
 * and the dense layer, each at `width` of the full width, as each expert owns the later ResNet
 * stages in RIDE's, SADE's, TLC's and MDCS's code. Draws its conv, then its dense layer.
 */
export function createCnnExpertStage(spec: CnnSpec, rng: Rng, width = EXPERT_WIDTH): Backbone {
  const [h, w, c] = spec.inputShape;
  const blocksBefore = spec.filters.length - 1;
  const inShape = [pooledSide(h, blocksBefore), pooledSide(w, blocksBefore), blocksBefore > 0 ? spec.filters[blocksBefore - 1]! : c] as const;
  const filters = Math.max(1, Math.round(width * spec.filters[blocksBefore]!));
  const units = Math.max(1, Math.round(width * spec.dense));
  const conv = createConv(spec.kernel, inShape[2], filters, rng);
  const flat = pooledSide(inShape[0], 1) * pooledSide(inShape[1], 1) * filters;
  const dense = createDense(flat, units, rng);
  const block = convBlocks([conv], spec.filterGrad, blocksBefore === 0);
  return {
    features: (f) => tf.relu(applyDense(dense, tf.reshape(block(tf.reshape(f, [f.shape[0], ...inShape])), [f.shape[0], flat]))),
    variables: [conv.filter, conv.bias, ...denseVariables(dense)],
    featureSize: units,
  };
}
