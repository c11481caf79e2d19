import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone has no gradients: register them once, for every backend.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { RunConfig } from './config';
import { inputSize, type Dataset } from './data/dataset';
import { assignSplits, defaultSplitRule, type SplitName, type SplitRule } from './data/longtail';
import { classAwareEpoch, indicesByClass, shuffledEpoch } from './data/sampling';
import { decisionGrid, evaluateProbabilities, gridPoints, predictProbabilities } from './evaluate';
import { getMethod } from './methods/registry';
import { resolveParams, type MethodRuntime } from './methods/types';
import { createMlp, logitsOf, type Classifier } from './models/mlp';
import { createOptimizer } from './optim/optimizers';
import { Rng } from './rng';
import type { RunSnapshot } from './snapshot';

/** Cells per side of the decision-boundary grid. */
export const DECISION_GRID_SIZE = 64;

export class DivergenceError extends Error {
  constructor(step: number, learningRate: number) {
    super(
      `Training diverged at step ${step}: the loss became NaN or infinite. ` +
        `Try a lower learning rate (now ${learningRate}) or a smaller model.`,
    );
    this.name = 'DivergenceError';
  }
}

/** The split rule a config asks for, resolved against the training counts. */
export function resolveSplitRule(config: RunConfig, counts: readonly number[]): SplitRule {
  const s = config.splits;
  if (s.kind === 'auto') return defaultSplitRule(counts);
  return s.kind === 'thirds' ? { kind: 'thirds' } : { kind: 'thresholds', many: s.many, few: s.few };
}

/**
 * Owns a run's tensors: the data on the device, the model, the optimiser. `trainStep` only
 * enqueues work; nothing is read back until `evaluate`, so GPU backends never stall per step.
 */
export class Trainer {
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  readonly splitRule: SplitRule;
  readonly splits: SplitName[];
  step = 0;

  private readonly model: Classifier;
  private readonly method: MethodRuntime;
  private readonly optimizer: tf.Optimizer;
  private readonly variables: tf.Variable[];
  private readonly trainX: tf.Tensor2D;
  private readonly trainY: tf.Tensor1D;
  private readonly testX: tf.Tensor2D;
  private readonly grid?: tf.Tensor2D;
  private readonly byClass: Int32Array[];
  private readonly shuffleRng: Rng;
  private epochOrder: Int32Array = new Int32Array(0);
  private lossSum: tf.Scalar;
  private stepsSinceRead = 0;
  private trainMs = 0;
  private evalMs = 0;

  readonly config: RunConfig;
  readonly dataset: Dataset;

  constructor(config: RunConfig, dataset: Dataset) {
    this.config = config;
    this.dataset = dataset;
    const n = dataset.train.y.length;
    const d = inputSize(dataset);
    this.stepsPerEpoch = Math.ceil(n / config.batchSize);
    this.totalSteps = this.stepsPerEpoch * config.epochs;
    this.splitRule = resolveSplitRule(config, dataset.train.counts);
    this.splits = assignSplits(dataset.train.counts, this.splitRule);
    const definition = getMethod(config.method.id);
    this.method = definition.create({ classCounts: dataset.train.counts, params: resolveParams(definition, config.method.params) });
    this.model = createMlp(
      { inputSize: d, width: config.model.width, depth: config.model.depth, classes: dataset.classes },
      Rng.forPurpose(config.seed, 'init'),
    );
    this.variables = [...this.model.backboneVariables, ...this.model.headVariables];
    this.optimizer = createOptimizer(config.optimizer);
    this.trainX = tf.tensor2d(dataset.train.x, [n, d]);
    this.trainY = tf.tensor1d(dataset.train.y, 'int32');
    this.testX = tf.tensor2d(dataset.test.x, [dataset.test.y.length, d]);
    if (dataset.extent) this.grid = tf.tensor2d(gridPoints(dataset.extent, DECISION_GRID_SIZE), [DECISION_GRID_SIZE ** 2, 2]);
    this.byClass = indicesByClass(dataset.train.y, dataset.classes);
    this.shuffleRng = Rng.forPurpose(config.seed, 'shuffle');
    this.lossSum = tf.scalar(0);
  }

  get done(): boolean {
    return this.step >= this.totalSteps;
  }

  /** One optimisation step on the next mini-batch. */
  trainStep(): void {
    if (this.done) return;
    const n = this.dataset.train.y.length;
    const inEpoch = this.step % this.stepsPerEpoch;
    if (inEpoch === 0) this.epochOrder = this.nextEpochOrder(n);
    const start = inEpoch * this.config.batchSize;
    const batch = this.epochOrder.subarray(start, Math.min(start + this.config.batchSize, n));
    const progress = this.step / this.totalSteps;
    const started = performance.now();
    const next = tf.tidy(() => {
      const idx = tf.tensor1d(batch, 'int32');
      const x = tf.gather(this.trainX, idx);
      const y = tf.gather(this.trainY, idx);
      const loss = this.optimizer.minimize(
        () => this.method.loss({ logits: logitsOf(this.model, x), labels: y, progress }),
        true,
        this.variables,
      );
      return tf.add(this.lossSum, loss ?? tf.scalar(NaN)) as tf.Scalar;
    });
    this.lossSum.dispose();
    this.lossSum = next;
    this.stepsSinceRead++;
    this.step++;
    this.trainMs += performance.now() - started;
  }

  /**
   * Waits for the queued steps, reads the mean training loss since the last call, and evaluates
   * on the test set (and the decision grid for 2-D data). Throws DivergenceError on a NaN loss.
   */
  async evaluate(): Promise<RunSnapshot> {
    const syncStart = performance.now();
    const lossTotal = (await this.lossSum.data())[0] ?? NaN;
    this.trainMs += performance.now() - syncStart;
    const trainLoss = this.stepsSinceRead > 0 ? lossTotal / this.stepsSinceRead : NaN;
    if (this.stepsSinceRead > 0 && !Number.isFinite(trainLoss)) {
      throw new DivergenceError(this.step, this.config.optimizer.learningRate);
    }
    this.lossSum.dispose();
    this.lossSum = tf.scalar(0);
    this.stepsSinceRead = 0;

    const evalStart = performance.now();
    const logitsFn = (x: tf.Tensor2D) => logitsOf(this.model, x);
    const probs = await predictProbabilities(logitsFn, this.testX);
    const test = evaluateProbabilities(probs, this.dataset.test.y, this.dataset.classes, this.splits);
    const decision =
      this.grid && this.dataset.extent ? await decisionGrid(logitsFn, this.grid, this.dataset.extent, DECISION_GRID_SIZE) : undefined;
    this.evalMs += performance.now() - evalStart;
    return {
      step: this.step,
      totalSteps: this.totalSteps,
      stepsPerEpoch: this.stepsPerEpoch,
      epoch: this.step / this.stepsPerEpoch,
      trainLoss,
      test,
      decision,
      trainMs: this.trainMs,
      evalMs: this.evalMs,
    };
  }

  /** Column norms of the classifier's weight matrix, one per class. */
  async headWeightNorms(): Promise<Float32Array> {
    const norms = tf.tidy(() => tf.sqrt(tf.sum(tf.square(this.model.headKernel), 0)));
    const values = (await norms.data()) as Float32Array;
    norms.dispose();
    return values;
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    for (const t of [this.trainX, this.trainY, this.testX, this.grid, this.lossSum]) t?.dispose();
  }

  private nextEpochOrder(n: number): Int32Array {
    const weights = this.method.classSamplingWeights?.(this.step / this.totalSteps);
    return weights ? classAwareEpoch(this.byClass, weights, n, this.shuffleRng) : shuffledEpoch(n, this.shuffleRng);
  }
}
