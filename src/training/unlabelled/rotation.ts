import * as tf from '@tensorflow/tfjs-core';
import type { RunConfig } from '../config';
import { inputSize, type Dataset } from '../data/dataset';
import { shuffledEpoch } from '../data/sampling';
import { crossEntropy } from '../methods/losses';
import { argmaxRows } from '../metrics/accuracy';
import { buildModel, type ComputeOptions } from '../models/build';
import { logitsOf } from '../models/classifier';
import { createOptimizer } from '../optim/optimizers';
import { Rng } from '../rng';
import type { PhaseProgress } from './phase';

/** What rotation pre-training reached. */
export interface RotationReport {
  epochs: number;
  /** Mean rotation-prediction loss of the last epoch (ln 4 ≈ 1.386 is chance). */
  finalLoss: number;
  /** Rotation-prediction accuracy on the test images, each under all four rotations (labels unused; 0.25 is chance). */
  rotationAccuracy: number;
}

/**
 * Source pixel of each output pixel for a rotation by k·90° of an h × w × c image (row-major,
 * channels last), as torch.rot90(x, k, dims=[H, W]) in the authors' utils.rotation: the first
 * spatial axis turns towards the second, out[i][j] = in[j][w−1−i] for k = 1.
 */
export function rotationIndex(h: number, w: number, c: number, k: number): Int32Array {
  if (h !== w && k % 2 === 1) throw new Error(`Rotation pre-training needs square images; these are ${h}×${w}.`);
  const out = new Int32Array(h * w * c);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const [si, sj] = k === 0 ? [i, j] : k === 1 ? [j, w - 1 - i] : k === 2 ? [h - 1 - i, w - 1 - j] : [h - 1 - j, i];
      for (let ch = 0; ch < c; ch++) out[(i * w + j) * c + ch] = (si * w + sj) * c + ch;
    }
  }
  return out;
}

/**
 * A batch's rotations as the authors draw them: a random permutation of [0, 1, 2, 3] repeated
 * ⌊b/4⌋ + 1 times, cut to b, so every rotation is about equally frequent in each batch.
 */
export function drawRotations(size: number, rng: Rng): Int32Array {
  const all = Int32Array.from({ length: 4 * (Math.floor(size / 4) + 1) }, (_, i) => i % 4);
  return rng.shuffle(all).slice(0, size);
}

/** Rows `rows` of x, row r turned by rotations[r] quarter turns. */
export function rotateRows(x: Float32Array, size: number, rows: ArrayLike<number>, rotations: ArrayLike<number>, maps: readonly Int32Array[]): Float32Array {
  const out = new Float32Array(rows.length * size);
  for (let r = 0; r < rows.length; r++) {
    const src = (rows[r] ?? 0) * size;
    const map = maps[rotations[r] ?? 0] as Int32Array;
    for (let p = 0; p < size; p++) out[r * size + p] = x[src + (map[p] ?? 0)] ?? 0;
  }
  return out;
}

/** Yields the run status at most this often. */
const REPORT_MS = 200;

/**
 * Self-supervised pre-training (the authors' pretrain_rot.py): the run's backbone with a 4-way
 * head learns which of 0°, 90°, 180°, 270° each of the run's own training images was turned by
 * (labels unused), for `pretrainEpochs` epochs with the run's optimiser and batch size. The
 * backbone is drawn from the run's init stream, so it starts where the run from scratch does;
 * the run then keeps its weights and draws a fresh head (train.py loads all but fc).
 */
export async function* rotationPhase(
  config: RunConfig,
  dataset: Dataset,
  compute: ComputeOptions = {},
  /** When given, every step's loss is read back into it (the PyTorch step check; slow on a GPU). */
  stepLosses?: number[],
): AsyncGenerator<PhaseProgress, { backbone: tf.Tensor[]; report: RotationReport }, undefined> {
  const [h, w, c] = dataset.inputShape;
  if (h === undefined || w === undefined || c === undefined) throw new Error('Rotation pre-training applies to images only; 2-D points and tables have no rotation to predict.');
  const maps = [0, 1, 2, 3].map((k) => rotationIndex(h, w, c, k));
  const size = inputSize(dataset);
  const n = dataset.train.y.length;
  const epochs = config.unlabelled.pretrainEpochs;
  const model = buildModel(config.model, dataset.inputShape, 4, { kind: 'linear' }, Rng.forPurpose(config.seed, 'init'), compute);
  const optimizer = createOptimizer(config.optimizer);
  const variables = [...model.backboneVariables, ...model.headVariables];
  const rng = Rng.forPurpose(config.seed, 'pretrain');
  try {
    let finalLoss = NaN;
    let lastReport = performance.now();
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = shuffledEpoch(n, rng);
      let lossSum: tf.Scalar = tf.scalar(0);
      let steps = 0;
      for (let start = 0; start < n; start += config.batchSize) {
        const rows = order.subarray(start, Math.min(start + config.batchSize, n));
        const rotations = drawRotations(rows.length, rng);
        const next = tf.tidy(() => {
          const x = tf.tensor2d(rotateRows(dataset.train.x, size, rows, rotations, maps), [rows.length, size]);
          const y = tf.tensor1d(rotations, 'int32');
          const loss = optimizer.minimize(() => crossEntropy(logitsOf(model, x), y), true, variables);
          return tf.add(lossSum, loss ?? tf.scalar(NaN)) as tf.Scalar;
        });
        if (stepLosses) stepLosses.push(((await next.data())[0] ?? NaN) - ((await lossSum.data())[0] ?? NaN));
        lossSum.dispose();
        lossSum = next;
        steps++;
        if (performance.now() - lastReport > REPORT_MS && start + config.batchSize < n) {
          lastReport = performance.now();
          yield { phase: 'rotation-pretrain', text: `rotation pre-training: epoch ${epoch} of ${epochs}`, epoch: epoch - 1, epochs };
        }
      }
      finalLoss = ((await lossSum.data())[0] ?? NaN) / steps;
      lossSum.dispose();
      if (!Number.isFinite(finalLoss)) throw new Error(`Rotation pre-training diverged in epoch ${epoch}: try a lower learning rate (now ${config.optimizer.learningRate}).`);
      lastReport = performance.now();
      yield { phase: 'rotation-pretrain', text: `rotation pre-training: epoch ${epoch} of ${epochs} (loss ${finalLoss.toFixed(3)}; chance is 1.386)`, epoch, epochs };
    }
    const rotationAccuracy = await rotationTestAccuracy(model, dataset, maps);
    const backbone = model.backboneVariables.map((v) => v.clone() as tf.Tensor);
    return { backbone, report: { epochs, finalLoss, rotationAccuracy } };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/** Share of test images × rotations whose rotation the pre-trained model names. */
async function rotationTestAccuracy(model: ReturnType<typeof buildModel>, dataset: Dataset, maps: readonly Int32Array[]): Promise<number> {
  const size = inputSize(dataset);
  const total = dataset.test.y.length;
  const n = Math.min(total, 512);
  // Evenly spaced: the test set is grouped by class.
  const rows = Int32Array.from({ length: n }, (_, i) => Math.floor((i * total) / n));
  let right = 0;
  for (let k = 0; k < 4; k++) {
    const rotations = new Int32Array(n).fill(k);
    const probs = tf.tidy(() => tf.softmax(logitsOf(model, tf.tensor2d(rotateRows(dataset.test.x, size, rows, rotations, maps), [n, size]))));
    const predicted = argmaxRows((await probs.data()) as Float32Array, 4);
    probs.dispose();
    right += predicted.filter((p) => p === k).length;
  }
  return right / (4 * n);
}
