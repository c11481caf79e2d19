import * as tf from '@tensorflow/tfjs-core';
import type { RunConfig } from './config';
import type { SplitName } from './data/longtail';
import { argmaxRows } from './metrics/accuracy';
import {
  consultedHistogram,
  expertPerClassAccuracy,
  expertPredictions,
  expertSplitAccuracy,
  pairwiseDisagreement,
  pairwiseKl,
  uncertaintySummary,
} from './metrics/diversity';
import { aggregate, type AggregatedOutput } from './methods/aggregation';
import { createRouter, routedPrediction, routerLogits, type Router } from './methods/rideRouter';
import { learnAggregationWeights, SADE_VIEW, type AggregationProgress } from './methods/sadeAggregation';
import type { ExpertsSpec, MethodRuntime } from './methods/types';
import { buildExpertsModel, type ComputeOptions } from './models/build';
import type { ExpertsModel } from './models/experts';
import { columnNorms } from './models/head';
import { Rng } from './rng';
import type { ExpertsSnapshot } from './snapshot';

/** The test set's predictions: the aggregate's probabilities, and what the experts snapshot reports. */
export interface ExpertsEvaluation {
  probs: Float32Array;
  experts: ExpertsSnapshot;
}

/**
 * The multi-expert side of a run (RIDE, SADE, MDCS, TLC): the shared backbone with its K expert
 * heads, the aggregation that turns them into one prediction (with SADE's learnable weights),
 * and what evaluation reports about the experts. The Trainer owns one when the method declares
 * `experts`, in place of a single classifier.
 */
export class ExpertEnsemble {
  readonly spec: ExpertsSpec;
  readonly model: ExpertsModel;
  /** SADE's raw aggregation weights w (output Σ softmax(w)_k z_k); 0, i.e. equal weights, until learned. */
  private readonly weights?: tf.Variable<tf.Rank.R1>;
  private readonly seed: number;
  private readonly inputShape: readonly number[];
  /** RIDE's router (ExpertsSpec.router), drawn after the heads; null without one. */
  private readonly router: Router | null = null;
  /**
   * Whether prediction routes samples through the experts (RIDE's router, from its stage on);
   * false: every sample uses every expert (the authors' force_all). Tests switch it to compare.
   */
  routing = false;

  constructor(config: RunConfig, inputShape: readonly number[], classes: number, spec: ExpertsSpec, method: MethodRuntime, rng: Rng, compute: ComputeOptions = {}) {
    this.spec = spec;
    this.seed = config.seed;
    this.inputShape = inputShape;
    this.model = buildExpertsModel(config.model, inputShape, classes, spec.count, method.head ?? { kind: 'linear' }, rng, compute, spec.ownStage, spec.perToken, spec.stageWidth);
    if (spec.aggregation.kind === 'weighted') this.weights = tf.tidy(() => tf.variable(tf.zeros<tf.Rank.R1>([spec.count])));
    if (spec.router) this.router = createRouter(spec.router, this.model.featureSize, spec.count, rng);
  }

  /** What RIDE's router stage trains: the router alone (empty without one). */
  get routerVariables(): tf.Variable[] {
    return this.router?.variables ?? [];
  }

  /**
   * Each expert's logits and, with a router, each router's logit [n, K − 1] on them (call inside
   * tf.tidy): what RIDE's router stage trains on.
   */
  routedOutputs(x: tf.Tensor2D): { logits: tf.Tensor2D[]; router?: tf.Tensor2D } {
    if (!this.router) return { logits: this.expertLogits(x) };
    const out = this.model.outputs(this.model.features(x));
    return { logits: out.logits, router: routerLogits(this.router, out.features, out.logits) };
  }

  /** The prediction with its per-sample engagement: TLC's evidential rule, or RIDE's router once it routes (call inside tf.tidy). */
  private predict(x: tf.Tensor2D): AggregatedOutput & { logits: tf.Tensor2D[] } {
    if (this.routing && this.router) {
      const { logits, router } = this.routedOutputs(x);
      return { ...routedPrediction(router as tf.Tensor2D, logits), logits };
    }
    const logits = this.expertLogits(x);
    return { ...this.aggregate(logits), logits };
  }

  /** Trained by the loss: backbone and every head (never the aggregation weights). */
  get variables(): tf.Variable[] {
    return [...this.model.backboneVariables, ...this.model.headVariables];
  }

  /** The shared trunk's and the experts' own stages' variables, in draw order (Muon's hidden matrices come from them). */
  get backboneVariables(): tf.Variable[] {
    return this.model.backboneVariables;
  }

  /** Whether the method learns its aggregation at test time (SADE, unless asked for no passes: equal weights then). */
  get hasTestTimeAggregation(): boolean {
    return this.spec.aggregation.kind === 'weighted' && this.spec.aggregation.testTime.epochs > 0;
  }

  expertLogits(x: tf.Tensor2D): tf.Tensor2D[] {
    return this.model.logits(this.model.features(x));
  }

  /** The prediction (call inside tf.tidy). */
  aggregate(logits: readonly tf.Tensor2D[]): AggregatedOutput {
    return aggregate(this.spec.aggregation, logits, this.weights ? tf.softmax(this.weights) : undefined);
  }

  /** Scores of the aggregated prediction: what the metrics and the decision grid read. */
  predictionLogits(x: tf.Tensor2D): tf.Tensor2D {
    return this.predict(x).scores;
  }

  /**
   * Per-class weight norms of the ensemble's classifier: for linear experts aggregated by a
   * weighted mean, Σ_k a_k z_k = f·(Σ_k a_k W_k) + Σ_k a_k b_k is one linear head on the shared
   * features, and these are its column norms; cosine experts (RIDE, TLC) report unit norms, as a
   * single cosine head does.
   */
  headNorms(): tf.Tensor1D {
    return tf.tidy(() => {
      const classes = this.model.head(0).kernel.shape[1];
      if (this.model.headSpec.kind === 'cosine') return tf.ones<tf.Rank.R1>([classes]);
      const a = this.weights ? tf.softmax(this.weights) : tf.fill([this.spec.count], 1 / this.spec.count);
      const kernels = Array.from({ length: this.spec.count }, (_, k) => tf.mul(this.model.head(k).kernel, tf.reshape(tf.slice(a, [k], [1]), [])));
      return columnNorms(tf.addN(kernels) as tf.Tensor2D);
    });
  }

  /** Predictions on the test inputs, `chunk` rows per forward pass, and the experts' report. */
  async evaluate(x: tf.Tensor2D, labels: Int32Array, splits: readonly SplitName[], chunk: number): Promise<ExpertsEvaluation> {
    const K = this.spec.count;
    const n = x.shape[0];
    const classes = splits.length;
    const probs = new Float32Array(n * classes);
    const expertProbs = Array.from({ length: K }, () => new Float32Array(n * classes));
    const evidential = this.spec.aggregation.kind === 'evidential';
    const engaging = evidential || (this.routing && this.router !== null);
    const uncertainty = new Float32Array(evidential ? n : 0);
    const consulted = new Float32Array(engaging ? n : 0);
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      const out = tf.tidy(() => {
        const agg = this.predict(tf.slice(x, [start, 0], [rows, -1]));
        return [tf.softmax(agg.scores), tf.stack(agg.logits.map((z) => tf.softmax(z))), agg.uncertainty, agg.consulted];
      });
      const [p, ps, u, c] = await Promise.all(out.map((t) => t?.data()));
      out.forEach((t) => t?.dispose());
      probs.set(p as Float32Array, start * classes);
      for (let k = 0; k < K; k++) expertProbs[k]?.set((ps as Float32Array).subarray(k * rows * classes, (k + 1) * rows * classes), start * classes);
      if (u) uncertainty.set(u as Float32Array, start);
      if (c) consulted.set(c as Float32Array, start);
    }
    const predictions = expertPredictions(expertProbs, classes);
    const perClass = expertPerClassAccuracy(predictions, labels, classes);
    const experts: ExpertsSnapshot = {
      count: K,
      labels: [...this.spec.labels],
      perClass,
      splits: expertSplitAccuracy(perClass, K, splits),
      disagreement: pairwiseDisagreement(predictions),
      kl: pairwiseKl(expertProbs, classes),
    };
    if (this.weights) {
      const a = tf.softmax(this.weights);
      experts.aggregationWeights = (await a.data()) as Float32Array;
      a.dispose();
    }
    if (evidential) experts.uncertainty = uncertaintySummary(uncertainty, argmaxRows(probs, classes), labels, classes);
    if (engaging) experts.consulted = consultedHistogram(consulted, K);
    return { probs, experts };
  }

  /**
   * SADE's test-time aggregation on the unlabelled inputs x (see methods/sadeAggregation.ts),
   * from equal weights and a fresh 'aggregate' stream each time: a rerun gives the same weights.
   */
  testTimeAggregation(x: tf.Tensor2D): AsyncGenerator<AggregationProgress, void, undefined> {
    const rule = this.spec.aggregation;
    if (rule.kind !== 'weighted' || !this.weights) throw new Error('This method has no test-time aggregation.');
    return learnAggregationWeights({
      expertLogits: (v) => this.expertLogits(v),
      inputs: x,
      weights: this.weights,
      spec: rule.testTime,
      view: SADE_VIEW,
      inputShape: this.inputShape,
      rng: Rng.forPurpose(this.seed, 'aggregate'),
    });
  }

  dispose(): void {
    this.model.dispose();
    this.weights?.dispose();
    this.router?.variables.forEach((v) => v.dispose());
  }
}
