import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import type { Backbone } from './classifier';
import { applyDense, createDense, denseVariables, type DenseLayer } from './dense';

/**
 * A tiny vision transformer (Dosovitskiy et al.; DeiT's layout): the image cut into a 4 × 4 grid
 * of patches (7 × 7 pixels on 28 × 28, 2 × 2 on 8 × 8 digits), each embedded linearly, a CLS
 * token (and, distilled, DeiT's DIST token) in front, learned position embeddings, pre-norm
 * blocks (x + MHA(LN(x)), x + MLP(LN(x)), MLP = dense ×2 – GELU – dense) and a final LayerNorm.
 */
export interface VitSpec {
  /** Input image [height, width, channels]; height and width divisible by `grid`. */
  inputShape: [number, number, number];
  /** Patches per side (4: 16 patches). */
  grid: number;
  width: number;
  blocks: number;
  /** Attention heads; must divide `width`. */
  heads: number;
  /** 2: CLS and DIST tokens (DeiT); 1: CLS only. */
  tokens: 1 | 2;
}

/** Patches per side of the app's ViT. */
export const VIT_GRID = 4;
/** Hidden units of each block's MLP per unit of width (DeiT uses 4; 2 keeps the wasm step short). */
export const VIT_MLP_RATIO = 2;
/** LayerNorm's ε (DeiT: 1e-6). */
export const LAYER_NORM_EPSILON = 1e-6;
/** Tokens and position embeddings: uniform in ±TOKEN_LIMIT, standard deviation 0.02 (DeiT's trunc_normal σ). */
const TOKEN_LIMIT = 0.02 * Math.sqrt(3);

interface LayerNorm {
  gamma: tf.Variable<tf.Rank.R1>;
  beta: tf.Variable<tf.Rank.R1>;
}

interface Block {
  ln1: LayerNorm;
  q: DenseLayer;
  k: DenseLayer;
  v: DenseLayer;
  out: DenseLayer;
  ln2: LayerNorm;
  fc1: DenseLayer;
  fc2: DenseLayer;
}

/** A ViT backbone: `features` are the final CLS token's (and the DIST token's after it, distilled: [B, 2·width]). */
export interface VitBackbone extends Backbone {
  /** CLS-token attention of the last block over the patches, mean over heads: [B, grid²] (rows sum to ≤ 1). */
  attention(x: tf.Tensor2D): tf.Tensor2D;
  /** Width of one token's features. */
  width: number;
}

function createLayerNorm(width: number): LayerNorm {
  return tf.tidy(() => ({ gamma: tf.variable(tf.ones<tf.Rank.R1>([width])), beta: tf.variable(tf.zeros<tf.Rank.R1>([width])) }));
}

function layerNorm(x: tf.Tensor, ln: LayerNorm): tf.Tensor {
  const mean = tf.mean(x, -1, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), -1, true);
  return tf.add(tf.mul(tf.div(centred, tf.sqrt(tf.add(variance, LAYER_NORM_EPSILON))), ln.gamma), ln.beta);
}

const GELU_C = Math.sqrt(2 / Math.PI);

/** GELU in its tanh form (tfjs-core has no GELU op; train.py uses the same formula). */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), GELU_C);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

/** For each patch p (row-major over the grid) and each of its pixels (row-major, channels last), the flat input index. */
export function patchOrder(shape: readonly [number, number, number], grid: number): Int32Array {
  const [h, w, c] = shape;
  const ph = h / grid;
  const pw = w / grid;
  const idx = new Int32Array(h * w * c);
  let o = 0;
  for (let gy = 0; gy < grid; gy++) {
    for (let gx = 0; gx < grid; gx++) {
      for (let i = 0; i < ph; i++) {
        for (let j = 0; j < pw; j++) {
          for (let k = 0; k < c; k++) idx[o++] = ((gy * ph + i) * w + gx * pw + j) * c + k;
        }
      }
    }
  }
  return idx;
}

/**
 * Draw order from `rng`: patch embedding, CLS token, position embeddings of CLS and patches,
 * each block (q, k, v, output, fc1, fc2; LayerNorms are 1 and 0), then the DIST token and its
 * position embedding, so that a plain and a distilled ViT of one seed share every other weight.
 * Dense kernels are He-uniform with zero biases, as everywhere in the app.
 */
export function createVitBackbone(spec: VitSpec, rng: Rng): VitBackbone {
  const [h, w, c] = spec.inputShape;
  const { grid, width, heads } = spec;
  if (h % grid !== 0 || w % grid !== 0) throw new Error(`The ViT cuts images into ${grid} × ${grid} patches: ${h} × ${w} does not divide.`);
  if (width % heads !== 0) throw new Error(`The ViT's width (${width}) must be a multiple of its heads (${heads}).`);
  const patches = grid * grid;
  const patchSize = (h / grid) * (w / grid) * c;
  const embed = createDense(patchSize, width, rng);
  // tidy frees the initial tensors; the variables keep their data.
  const cls = tf.tidy(() => tf.variable(tf.tensor1d(rng.uniformValues(width, TOKEN_LIMIT))));
  const pos = tf.tidy(() => tf.variable(tf.tensor2d(rng.uniformValues((1 + patches) * width, TOKEN_LIMIT), [1 + patches, width])));
  const blocks: Block[] = Array.from({ length: spec.blocks }, () => ({
    ln1: createLayerNorm(width),
    q: createDense(width, width, rng),
    k: createDense(width, width, rng),
    v: createDense(width, width, rng),
    out: createDense(width, width, rng),
    ln2: createLayerNorm(width),
    fc1: createDense(width, VIT_MLP_RATIO * width, rng),
    fc2: createDense(VIT_MLP_RATIO * width, width, rng),
  }));
  const finalNorm = createLayerNorm(width);
  const distilled = spec.tokens === 2;
  const dist = distilled ? tf.tidy(() => tf.variable(tf.tensor1d(rng.uniformValues(width, TOKEN_LIMIT)))) : null;
  const distPos = distilled ? tf.tidy(() => tf.variable(tf.tensor1d(rng.uniformValues(width, TOKEN_LIMIT)))) : null;
  // Built per call (inside the caller's tidy) rather than kept: a model's tensors are its variables.
  const order = patchOrder(spec.inputShape, grid);
  const front = spec.tokens;
  const n = front + patches;
  const dh = width / heads;

  /** Attention of one block on x [B, N, W]: the mixed values [B·N, W] and the attention weights [B·heads, N, N]. */
  const attend = (x: tf.Tensor, block: Block, b: number): { mixed: tf.Tensor2D; weights: tf.Tensor3D } => {
    const rows = tf.reshape(layerNorm(x, block.ln1), [b * n, width]) as tf.Tensor2D;
    const split = (layer: DenseLayer) => tf.reshape(tf.transpose(tf.reshape(applyDense(layer, rows), [b, n, heads, dh]), [0, 2, 1, 3]), [b * heads, n, dh]) as tf.Tensor3D;
    const scores = tf.mul(tf.matMul(split(block.q), split(block.k), false, true), 1 / Math.sqrt(dh));
    const weights = tf.softmax(scores) as tf.Tensor3D;
    const mixed = tf.reshape(tf.transpose(tf.reshape(tf.matMul(weights, split(block.v)), [b, heads, n, dh]), [0, 2, 1, 3]), [b * n, width]) as tf.Tensor2D;
    return { mixed: applyDense(block.out, mixed), weights };
  };

  /** Every token after the last block (before the final norm), and the last block's attention weights. */
  const encode = (x: tf.Tensor2D): { tokens: tf.Tensor; weights: tf.Tensor3D | null } => {
    const b = x.shape[0];
    const pixels = tf.reshape(tf.gather(x, tf.tensor1d(order, 'int32'), 1), [b * patches, patchSize]) as tf.Tensor2D;
    const patchTokens = tf.reshape(applyDense(embed, pixels), [b, patches, width]);
    const zeros = tf.zeros([b, 1, width]);
    const posCls = tf.slice(pos, [0, 0], [1, width]);
    const posPatches = tf.slice(pos, [1, 0], [patches, width]);
    const parts: tf.Tensor[] = [tf.add(zeros, tf.add(cls, posCls))];
    if (dist && distPos) parts.push(tf.add(zeros, tf.add(dist, distPos)));
    parts.push(tf.add(patchTokens, posPatches));
    let t: tf.Tensor = tf.concat(parts, 1);
    let weights: tf.Tensor3D | null = null;
    for (const block of blocks) {
      const a = attend(t, block, b);
      weights = a.weights;
      t = tf.add(t, tf.reshape(a.mixed, [b, n, width]));
      const hidden = gelu(applyDense(block.fc1, tf.reshape(layerNorm(t, block.ln2), [b * n, width]) as tf.Tensor2D));
      t = tf.add(t, tf.reshape(applyDense(block.fc2, hidden as tf.Tensor2D), [b, n, width]));
    }
    return { tokens: t, weights };
  };

  const variables: tf.Variable[] = [
    ...denseVariables(embed),
    cls,
    pos,
    ...blocks.flatMap((bl) => [bl.ln1.gamma, bl.ln1.beta, ...denseVariables(bl.q), ...denseVariables(bl.k), ...denseVariables(bl.v), ...denseVariables(bl.out), bl.ln2.gamma, bl.ln2.beta, ...denseVariables(bl.fc1), ...denseVariables(bl.fc2)]),
    finalNorm.gamma,
    finalNorm.beta,
    ...(dist && distPos ? [dist, distPos] : []),
  ];
  return {
    features: (x) => {
      const { tokens } = encode(x);
      const b = x.shape[0];
      return tf.reshape(layerNorm(tf.slice(tokens, [0, 0, 0], [b, front, width]), finalNorm), [b, front * width]) as tf.Tensor2D;
    },
    attention: (x) => {
      const { weights } = encode(x);
      const b = x.shape[0];
      if (!weights) return tf.zeros([b, patches]);
      // The CLS query's row, over the patch keys only, averaged over heads.
      const row = tf.slice(tf.reshape(weights, [b, heads, n, n]), [0, 0, 0, front], [b, heads, 1, patches]);
      return tf.reshape(tf.mean(row, 1), [b, patches]) as tf.Tensor2D;
    },
    variables,
    featureSize: front * width,
    width,
  };
}
