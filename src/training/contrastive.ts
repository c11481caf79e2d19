import * as tf from '@tensorflow/tfjs-core';
import { pca2, project } from './data/pca';
import type { ContrastiveSpec } from './methods/types';
import { applyDense, createDense, denseVariables, type DenseLayer } from './models/dense';
import { normaliseRows } from './models/head';
import type { Rng } from './rng';
import type { SubclassSnapshot } from './snapshot';

/** Points per class the subclass view shows (all of a tail class, a sample of a head class). */
const VIEW_POINTS_PER_CLASS = 60;

/**
 * The trainer's part of a contrastive method (SBCL): the projection head g (dense → ReLU → dense,
 * as SupConResNet's 'mlp' head, drawn from the init stream after the classifier), the embedding
 * z = g(f(x)) / ‖g(f(x))‖ that the stage-1 loss compares, the training set's embedding handed to
 * the method at the epochs it asks for (k-means), and the view's snapshot.
 */
export class ContrastiveTraining {
  private readonly hidden: DenseLayer;
  private readonly out: DenseLayer;
  private readonly viewRows: Int32Array;
  private readonly spec: ContrastiveSpec;
  private readonly labels: Int32Array;

  constructor(spec: ContrastiveSpec, featureSize: number, rng: Rng, labels: Int32Array, classes: number) {
    this.spec = spec;
    this.labels = labels;
    this.hidden = createDense(featureSize, featureSize, rng);
    this.out = createDense(featureSize, spec.projectionSize, rng);
    const taken = new Array<number>(classes).fill(0);
    this.viewRows = Int32Array.from(labels.keys()).filter((i) => {
      const c = labels[i] ?? 0;
      return (taken[c] = (taken[c] ?? 0) + 1) <= VIEW_POINTS_PER_CLASS;
    });
  }

  get variables(): tf.Variable[] {
    return [...denseVariables(this.hidden), ...denseVariables(this.out)];
  }

  /** The normalised projection of features (inside the tape or a tidy). */
  embed(features: tf.Tensor2D): tf.Tensor2D {
    return normaliseRows(applyDense(this.out, tf.relu(applyDense(this.hidden, features))));
  }

  /**
   * At the start of a stage-1 epoch: embeds the un-augmented training set and hands it to the
   * method if it asks for it. Read back synchronously (dataSync), because training steps are
   * synchronous everywhere (worker loop, tests); it happens once every few epochs.
   */
  atEpochStart(epoch: number, epochs: number, features: (x: tf.Tensor2D) => tf.Tensor2D, trainX: tf.Tensor2D, chunk: number): void {
    if (!this.spec.wantsEmbedding(epoch, epochs)) return;
    const embedding = tf.tidy(() => this.embedRows(features, trainX, chunk));
    const values = embedding.dataSync() as Float32Array;
    embedding.dispose();
    this.spec.updateEmbedding(values, this.spec.projectionSize, this.labels, epoch);
  }

  /** The view: a sample of training points, their embeddings' first two principal components, class and current subclass. */
  async snapshot(features: (x: tf.Tensor2D) => tf.Tensor2D, trainX: tf.Tensor2D, inputs: Float32Array | null): Promise<SubclassSnapshot> {
    const rows = this.viewRows;
    const embedding = tf.tidy(() => this.embed(features(tf.gather(trainX, tf.tensor1d(rows, 'int32')))));
    const values = (await embedding.data()) as Float32Array;
    embedding.dispose();
    const d = this.spec.projectionSize;
    const state = this.spec.state();
    return {
      labels: Int32Array.from(rows, (r) => this.labels[r] ?? 0),
      subclass: Int32Array.from(rows, (r) => state.subclass?.[r] ?? -1),
      embedding: principalPlane(values, rows.length, d),
      input: inputs ? Float32Array.from(Array.from(rows).flatMap((r) => [inputs[2 * r] ?? 0, inputs[2 * r + 1] ?? 0])) : undefined,
      perClass: Int32Array.from(state.perClass),
      temperatures: Float32Array.from(state.temperatures),
      epoch: state.epoch,
    };
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }

  private embedRows(features: (x: tf.Tensor2D) => tf.Tensor2D, x: tf.Tensor2D, chunk: number): tf.Tensor2D {
    const n = x.shape[0];
    const parts: tf.Tensor2D[] = [];
    for (let start = 0; start < n; start += chunk) parts.push(this.embed(features(tf.slice(x, [start, 0], [Math.min(chunk, n - start), x.shape[1]]))));
    return tf.concat(parts);
  }
}

/** Rows projected on the first two principal components of the centred rows: [rows × 2]. */
function principalPlane(x: Float32Array, rows: number, d: number): Float32Array {
  const centred = x.slice();
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += x[r * d + j] ?? 0;
    mean /= Math.max(1, rows);
    for (let r = 0; r < rows; r++) centred[r * d + j] = (x[r * d + j] ?? 0) - mean;
  }
  return project(centred, rows, d, pca2(centred, rows, d));
}
