import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone has no gradients: register them once, for every backend.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { RunConfig } from './config';
import { inputSize, type Dataset } from './data/dataset';
import { assignSplits, type SplitName, type SplitRule } from './data/longtail';
import { classAwareEpoch, indicesByClass, shuffledEpoch } from './data/sampling';
import { decisionGrid, evaluateProbabilities, predictProbabilities } from './evaluate';
import { getMethod } from './methods/registry';
import { methodOffers } from './lifecycle';
import { resolveParams, type MethodRuntime } from './methods/types';
import { columnNorms, linearLogits, normaliseColumns, scaleClasses, type LinearHead } from './models/head';
import type { ComputeOptions } from './models/build';
import { logitsOf, type Classifier } from './models/classifier';
import { createOptimizer } from './optim/optimizers';
import { argmaxRows } from './metrics/accuracy';
import { hiddenMatrices } from './optim/muon';
import { Rng } from './rng';
import { cloneEvaluation, type Evaluation, type ExpertsSnapshot, type RunSnapshot } from './snapshot';
import { DECISION_GRID_SIZE, decisionGridInputs, DivergenceError, loadWeights, resolveSplitRule, secondStageLearningRate, secondStageStart, type TestTimeAggregationStep } from './trainerParts';
import { buildRunModel, disposeRunModel, lossInputsOf, modelViews, type RunModel } from './runModel';
import { sweepFromPerClass, type SweepPoint } from './measures/sweep';
import { reaggregatingSweep } from './measures/sadeSweep';
import type { Teacher } from './teacher';

export { DECISION_GRID_SIZE, DivergenceError, resolveSplitRule, secondStageStart, type TestTimeAggregationStep } from './trainerParts';

/**
 * Owns a run's tensors: the data on the device, the model, the optimiser. `trainStep` only
 * enqueues work; nothing is read back until `evaluate`, so GPU backends never stall per step.
 */
export class Trainer {
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  readonly splitRule: SplitRule;
  readonly splits: SplitName[];
  /** The step from which a decoupled method's second stage trains (cRT, LWS); null for one-stage methods. */
  readonly secondStageStartStep: number | null;
  /** Steps of a distilling method's teacher phase (DeiT-LT), which come first; 0 for other methods. */
  readonly teacherSteps: number;
  /** Steps of the run's own epochs, over which schedules (DRW) run: all but the teacher's and a second stage's added epochs (RIDE's router). */
  private readonly scheduleSteps: number;
  step = 0;

  /** The model and what the method adds to it (runModel.ts): the classifier or the experts, SBCL's head, BatchFormer's module, DeiT-LT's teacher. */
  private readonly parts: RunModel;
  private teacherPerClass: Float32Array | null = null;
  private readonly method: MethodRuntime;
  private optimizer: tf.Optimizer;
  private variables: tf.Variable[];
  /** LWS: one scale per class on the logits, 1 until stage 2 learns them. */
  private readonly logitScales?: tf.Variable<tf.Rank.R1>;
  /** The init stream, kept after the model's initial weights: cRT draws its fresh head from it. */
  private readonly initRng: Rng;
  private lastEvaluation: Evaluation | null = null;
  /** Rows per forward pass at evaluation: images need small chunks to bound activation memory. */
  private readonly evalChunk: number;
  private currentStage: 1 | 2 = 1;
  private posthocValue: number | undefined;
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

  /**
   * `compute`: how the model computes on the backend it will run on (see ComputeOptions).
   * `start.backbone`: weights the backbone starts from instead of its drawn ones (rotation
   * pre-training, unlabelled/rotation.ts); the head keeps its fresh draw, as the authors' load.
   */
  constructor(config: RunConfig, dataset: Dataset, compute: ComputeOptions = {}, start: { backbone?: readonly tf.Tensor[] } = {}) {
    this.config = config;
    this.dataset = dataset;
    const n = dataset.train.y.length;
    const d = inputSize(dataset);
    this.stepsPerEpoch = Math.ceil(n / config.batchSize);
    // Pseudo-labelled runs keep the labelled set's splits, so that they compare with runs without.
    this.splitRule = resolveSplitRule(config, dataset.labelledCounts ?? dataset.train.counts);
    this.splits = assignSplits(dataset.labelledCounts ?? dataset.train.counts, this.splitRule);
    const definition = getMethod(config.method.id);
    const params = resolveParams(definition, config.method.params);
    const rng = Rng.forPurpose(config.seed, 'augment');
    this.method = definition.create({ classCounts: dataset.train.counts, params, rng, inputShape: dataset.inputShape });
    this.posthocValue = definition.posthoc ? params[definition.posthoc.key] : undefined;
    this.teacherSteps = this.stepsPerEpoch * (this.method.teacher?.epochs ?? 0);
    this.scheduleSteps = this.stepsPerEpoch * config.epochs;
    this.totalSteps = this.teacherSteps + this.scheduleSteps + this.stepsPerEpoch * (this.method.secondStage?.addedEpochs ?? 0);
    this.initRng = Rng.forPurpose(config.seed, 'init');
    this.evalChunk = d > 64 ? 256 : 2048;
    this.parts = buildRunModel({ config, dataset, method: this.method, initRng: this.initRng, augmentRng: rng, stepsPerEpoch: this.stepsPerEpoch, compute });
    this.variables = this.parts.variables;
    if (start.backbone) {
      const experts = this.parts.ensemble?.model;
      loadWeights(this.parts.model?.backboneVariables ?? experts?.backboneVariables ?? [], start.backbone, experts?.sharedVariableCount);
    }
    this.secondStageStartStep = secondStageStart(this.method.secondStage, config.epochs, this.stepsPerEpoch);
    if (this.method.secondStage?.trains === 'logit-scales' || this.method.secondStage?.trains === 'head-and-scales') {
      // tidy frees the initial ones; the variable keeps its own copy.
      this.logitScales = tf.tidy(() => tf.variable(tf.ones<tf.Rank.R1>([dataset.classes])));
    }
    this.optimizer = createOptimizer(config.optimizer, this.hiddenMatrices());
    this.trainX = tf.tensor2d(dataset.train.x, [n, d]);
    this.trainY = tf.tensor1d(dataset.train.y, 'int32');
    this.testX = tf.tensor2d(dataset.test.x, [dataset.test.y.length, d]);
    if (dataset.extent) this.grid = decisionGridInputs(dataset, DECISION_GRID_SIZE);
    this.byClass = indicesByClass(dataset.train.y, dataset.classes);
    this.shuffleRng = Rng.forPurpose(config.seed, 'shuffle');
    this.lossSum = tf.scalar(0);
  }

  /** Time spent training so far (steps and their synchronisation). */
  get trainingMs(): number {
    return this.trainMs;
  }

  /** Time spent evaluating so far. */
  get evaluationMs(): number {
    return this.evalMs;
  }

  get done(): boolean {
    return this.step >= this.totalSteps;
  }

  /**
   * Sets the live post-hoc knob (τ of post-hoc logit adjustment or τ-norm), clamped to its
   * bounds; the next evaluate() predicts with it. No retraining, so it works after training ended.
   * A no-op for methods without a knob.
   */
  setPosthoc(value: number): void {
    const spec = methodOffers(this.config.method.id).liveKnob;
    if (!spec || !Number.isFinite(value)) return;
    this.posthocValue = Math.min(spec.max, Math.max(spec.min, value));
  }

  /** One optimisation step on the next mini-batch. */
  trainStep(): void {
    if (this.done) return;
    if (this.currentStage === 1 && this.step === this.secondStageStartStep) this.enterSecondStage();
    const n = this.dataset.train.y.length;
    const inEpoch = this.step % this.stepsPerEpoch;
    if (inEpoch === 0) {
      this.epochOrder = this.nextEpochOrder(n);
      const rate = this.currentStage === 2 ? secondStageLearningRate(this.method.secondStage, this.step - (this.secondStageStartStep ?? 0), this.stepsPerEpoch) : null;
      if (rate !== null) (this.optimizer as tf.SGDOptimizer).setLearningRate(rate);
      this.parts.featureModule?.startEpoch(this.step / this.stepsPerEpoch);
    }
    if (inEpoch === 0 && this.currentStage === 1) {
      this.parts.contrastive?.atEpochStart(this.step / this.stepsPerEpoch, this.config.epochs, (v) => this.classifier.features(v), this.trainX, this.evalChunk);
    }
    const start = inEpoch * this.config.batchSize;
    const batch = this.epochOrder.subarray(start, Math.min(start + this.config.batchSize, n));
    const teaching = this.parts.teacher !== null && this.step < this.teacherSteps;
    // A distilling method's schedules (DRW) run over the student's own steps, and never into a stage's added epochs.
    const progress = Math.min(1, (this.step - this.teacherSteps) / this.scheduleSteps);
    const labelValues = this.method.mixBatch ? Int32Array.from(batch, (i) => this.dataset.train.y[i] ?? 0) : new Int32Array(0);
    const started = performance.now();
    const next = tf.tidy(() => {
      const idx = tf.tensor1d(batch, 'int32');
      const x = tf.gather(this.trainX, idx);
      const y = tf.gather(this.trainY, idx);
      if (teaching && this.parts.teacher) return tf.add(this.lossSum, this.parts.teacher.trainStep(x, y)) as tf.Scalar;
      // Mixing belongs to stage 1: MiSLAS trains its classifier stage without mixup (train_stage2.py).
      const mix = this.currentStage === 1 ? this.method.mixBatch?.({ x, labels: y, labelValues, progress }) : undefined;
      // The teacher sees exactly what the student sees (DeiT-LT's distillation on mixed inputs).
      const teacherLabels = this.parts.teacher?.labels(mix?.x ?? x);
      const f = () => this.method.loss({ ...lossInputsOf(this.parts, this.method.augmentBatch, { x: mix?.x ?? x, labels: y, progress, mix, indices: batch, stage: this.currentStage, logitScales: this.logitScales }), teacherLabels });
      const loss = this.parts.featureModule ? this.parts.featureModule.minimize(f, this.optimizer, this.variables) : this.optimizer.minimize(f, true, this.variables);
      return tf.add(this.lossSum, loss ?? tf.scalar(NaN)) as tf.Scalar;
    });
    this.parts.featureModule?.afterStep();
    this.lossSum.dispose();
    this.lossSum = next;
    this.stepsSinceRead++;
    this.step++;
    this.trainMs += performance.now() - started;
  }

  /**
   * Waits for the queued steps, reads the mean training loss since the last call, and evaluates
   * on the test set (and the decision grid for 2-D data). With `test: false` the test metrics of
   * the last evaluation are repeated (snapshot.testFresh false): the loop uses that to keep
   * evaluation of large models from eating the training time. Throws DivergenceError on a NaN loss.
   */
  async evaluate(options: { test?: boolean } = {}): Promise<RunSnapshot> {
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

    const testFresh = options.test !== false || !this.lastEvaluation;
    if (testFresh) {
      const evalStart = performance.now();
      const logitsFn = (x: tf.Tensor2D) => this.predictionLogits(x);
      // While the teacher trains, the run shows the teacher; afterwards the model.
      const teacherPhase = this.parts.teacher !== null && this.step <= this.teacherSteps;
      const { probs, experts }: { probs: Float32Array; experts?: ExpertsSnapshot } = teacherPhase
        ? { probs: await this.teacherProbabilities() }
        : this.parts.ensemble
          ? await this.parts.ensemble.evaluate(this.testX, this.dataset.test.y, this.splits, this.evalChunk)
          : { probs: await predictProbabilities(logitsFn, this.testX, this.evalChunk) };
      if (this.parts.teacher && !teacherPhase && !this.teacherPerClass) {
        this.teacherPerClass = evaluateProbabilities(await this.teacherProbabilities(), this.dataset.test.y, this.dataset.classes, this.splits).perClass;
      }
      const test = evaluateProbabilities(probs, this.dataset.test.y, this.dataset.classes, this.splits);
      const decision =
        this.grid && this.dataset.extent ? await decisionGrid(logitsFn, this.grid, this.dataset.extent, DECISION_GRID_SIZE) : undefined;
      const views = await modelViews({ parts: this.parts, dataset: this.dataset, trainX: this.trainX, testX: this.testX, logits: logitsFn, teacherPhase, assoc: this.config.model.kind === 'assoc' });
      this.lastEvaluation = { test, decision, headNorms: await this.headWeightNorms(), experts, ...views };
      this.evalMs += performance.now() - evalStart;
    }
    // Snapshots' buffers are transferred to the page, so each gets its own copy.
    const { test, decision, headNorms, experts, subclasses, spectra, attention } = cloneEvaluation(this.lastEvaluation as Evaluation);
    const distillation = this.parts.teacher
      ? { phase: this.step <= this.teacherSteps ? ('teacher' as const) : ('student' as const), teacherEpochs: this.teacherSteps / this.stepsPerEpoch, teacherPerClass: this.teacherPerClass?.slice() ?? null }
      : undefined;
    return {
      step: this.step,
      totalSteps: this.totalSteps,
      stepsPerEpoch: this.stepsPerEpoch,
      epoch: this.step / this.stepsPerEpoch,
      stage: this.step > (this.secondStageStartStep ?? Infinity) ? 2 : 1,
      trainLoss,
      testFresh,
      test,
      decision,
      headNorms,
      experts,
      subclasses,
      batchAttention: await this.parts.featureModule?.snapshot(),
      spectra,
      attention,
      distillation,
      posthoc: this.posthocValue,
      trainMs: this.trainMs,
      evalMs: this.evalMs,
    };
  }

  /**
   * L2 norm of each class's weight vector in the classifier used for prediction: after
   * τ-normalisation with the current τ, scaled by LWS's learned scales, unit for a cosine head
   * (its shared scale s is a temperature that no class can grow). Plain column norms otherwise;
   * a multi-expert model's are its aggregate's (ExpertEnsemble.headNorms).
   */
  async headWeightNorms(): Promise<Float32Array> {
    const norms = tf.tidy(() => this.parts.ensemble?.headNorms() ?? columnNorms(this.predictionHead().kernel));
    const values = (await norms.data()) as Float32Array;
    norms.dispose();
    return values;
  }

  /**
   * Predicted class of each row of `x` (row-major inputs of this dataset's shape), with the
   * prediction rule evaluate() uses: the memorisation explorer scores the whole training set
   * with models trained on subsets of it.
   */
  async predictClasses(x: Float32Array): Promise<Int32Array> {
    return argmaxRows(await this.predict(x), this.dataset.classes);
  }

  /** True when the method learns how to aggregate its experts at test time (SADE): run runTestTimeAggregation after training. */
  get hasTestTimeAggregation(): boolean {
    return this.parts.ensemble?.hasTestTimeAggregation ?? false;
  }

  /**
   * SADE's test-time self-supervised aggregation, meant to run once training is done: with the
   * network frozen, learns the experts' aggregation weights on the test inputs without their
   * labels (methods/sadeAggregation.ts), yielding after every pass the weights and a fresh
   * snapshot that predicts with them. Each call starts again from equal weights and gives the
   * same result; for methods without it, it yields nothing.
   */
  async *runTestTimeAggregation(): AsyncGenerator<TestTimeAggregationStep, void, undefined> {
    if (!this.parts.ensemble?.hasTestTimeAggregation) return;
    for await (const pass of this.parts.ensemble.testTimeAggregation(this.testX)) yield { ...pass, snapshot: await this.evaluate() };
  }

  /**
   * SADE's test-agnostic sweep (measures/sweep.ts) of the model as it is now. SADE re-learns its
   * weights per distribution and afterwards relearns them on the run's own test set, so the
   * run's predictions are unchanged; other models need only their last per-class accuracies.
   */
  async testAgnosticSweep(): Promise<SweepPoint[]> {
    const pool = this.config.dataset.testPerClass;
    if (!this.parts.ensemble?.hasTestTimeAggregation) return sweepFromPerClass((this.lastEvaluation?.test ?? (await this.evaluate()).test).perClass, pool);
    const { testX, dataset, evalChunk: chunk } = this;
    const points = await reaggregatingSweep({ ensemble: this.parts.ensemble, testX, labels: dataset.test.y, classes: dataset.classes, poolPerClass: pool, chunk });
    for await (const pass of this.parts.ensemble.testTimeAggregation(testX)) void pass;
    return points;
  }

  /** Class probabilities of the model as it predicts now, for rows of `x` (pseudo-labelling). */
  async predict(x: Float32Array): Promise<Float32Array> {
    const rows = x.length / inputSize(this.dataset);
    const input = tf.tensor2d(x, [rows, inputSize(this.dataset)]);
    try {
      return await predictProbabilities((batch) => this.predictionLogits(batch), input, this.evalChunk);
    } finally {
      input.dispose();
    }
  }

  dispose(): void {
    disposeRunModel(this.parts);
    this.optimizer.dispose();
    for (const t of [this.trainX, this.trainY, this.testX, this.grid, this.lossSum, this.logitScales]) t?.dispose();
  }

  /** The teacher's softmax on the test set (distilling methods). */
  private teacherProbabilities(): Promise<Float32Array> {
    const teacher = this.parts.teacher as Teacher;
    return predictProbabilities((x) => teacher.logits(x), this.testX, this.evalChunk);
  }

  /** The single classifier (every path that needs it is one a multi-expert method never takes). */
  private get classifier(): Classifier {
    if (!this.parts.model) throw new Error('A multi-expert model has no single classifier.');
    return this.parts.model;
  }

  /** Logits for prediction: the experts' aggregate, through the effective linear head (post-hoc knob applied), or the cosine head as trained. */
  private predictionLogits(x: tf.Tensor2D): tf.Tensor2D {
    if (this.parts.ensemble) return this.parts.ensemble.predictionLogits(x);
    if (this.classifier.headSpec.kind === 'cosine') return logitsOf(this.classifier, x);
    return linearLogits(this.classifier.features(x), this.predictionHead());
  }

  /** The classifier used for prediction, as a linear head (call inside tf.tidy). */
  private predictionHead(): LinearHead {
    const { headKernel, headBias } = this.classifier;
    if (!headBias) return { kernel: normaliseColumns(headKernel), bias: tf.zeros([headKernel.shape[1]]) };
    let head: LinearHead = { kernel: headKernel, bias: headBias };
    if (this.logitScales) head = scaleClasses(head, this.logitScales);
    if (this.method.predictionHead && this.posthocValue !== undefined) head = this.method.predictionHead(head, this.posthocValue);
    return head;
  }

  /**
   * Freezes what stage 2 does not train and starts it with a fresh optimiser (no moments carried
   * over from stage 1, the stage's own when it has one): cRT re-draws the head from the init
   * stream, LWS trains only its scales, MiSLAS trains the kept head and the scales, RIDE only its
   * router (and predicts through it from then on).
   */
  private enterSecondStage(): void {
    this.optimizer.dispose();
    this.optimizer = createOptimizer(this.method.secondStage?.optimizer?.spec ?? this.config.optimizer, this.hiddenMatrices());
    if (this.method.secondStage?.trains === 'router' && this.parts.ensemble) {
      this.variables = this.parts.ensemble.routerVariables;
      this.parts.ensemble.routing = true;
    } else if (this.method.secondStage?.trains === 'head') {
      this.classifier.reinitHead(this.initRng);
      this.variables = this.classifier.headVariables;
    } else if (this.method.secondStage?.trains === 'head-and-scales' && this.logitScales) {
      this.variables = [...this.classifier.headVariables, this.logitScales];
    } else if (this.logitScales) {
      this.variables = [this.logitScales];
    }
    this.currentStage = 2;
  }

  /** The weights Muon orthogonalises: the backbone's matrices but the first (all of the linear memory's W). */
  private hiddenMatrices(): tf.Variable[] {
    const backbone = this.parts.ensemble ? this.parts.ensemble.backboneVariables : this.classifier.backboneVariables;
    return hiddenMatrices(backbone, this.config.model.kind === 'assoc');
  }

  private nextEpochOrder(n: number): Int32Array {
    const weights = this.method.classSamplingWeights?.(this.step / this.totalSteps, this.currentStage);
    return weights ? classAwareEpoch(this.byClass, weights, n, this.shuffleRng) : shuffledEpoch(n, this.shuffleRng);
  }
}
