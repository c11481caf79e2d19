import * as tf from '@tensorflow/tfjs-core';
import type { RunConfig } from './config';
import type { Dataset } from './data/dataset';
import { gridPoints } from './evaluate';
import { defaultSplitRule, type SplitRule } from './data/longtail';
import type { AggregationProgress } from './methods/sadeAggregation';
import type { SecondStageSpec } from './methods/types';
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
 * The step at which a decoupled second stage starts: the epoch boundary nearest to `start` of
 * training, keeping at least one epoch in each stage (an epoch boundary, so that stage 2's
 * sampling covers whole epochs). Null without a second stage or with a single epoch.
 */
export function secondStageStart(spec: SecondStageSpec | undefined, epochs: number, stepsPerEpoch: number): number | null {
  // A stage with epochs of its own (RIDE's router) starts once the run's epochs are done.
  if (spec?.addedEpochs) return epochs * stepsPerEpoch;
  if (!spec || epochs < 2) return null;
  const epoch = Math.min(epochs - 1, Math.max(1, Math.round(spec.start * epochs)));
  return epoch * stepsPerEpoch;
}

/**
 * The learning rate of a second stage with its own cosine schedule (RIDE's router) at the start of
 * its epoch e of E (`step` steps into the stage): η·(1 + cos(π·e / E))/2, as PyTorch's
 * CosineAnnealingLR to 0 stepped per epoch. Null when the stage keeps its optimiser's rate.
 */
export function secondStageLearningRate(spec: SecondStageSpec | undefined, step: number, stepsPerEpoch: number): number | null {
  const own = spec?.optimizer;
  if (!own?.cosine || !spec?.addedEpochs) return null;
  return (own.spec.learningRate * (1 + Math.cos((Math.PI * (step / stepsPerEpoch)) / spec.addedEpochs))) / 2;
}

/**
 * One pass of SADE's test-time aggregation (Trainer.runTestTimeAggregation): epoch, epochs,
 * the weights softmax(w) after it and whether a weight fell below 0.05 and stopped learning
 * early, with a fresh evaluation that predicts with them (snapshot.experts.aggregationWeights).
 */
export interface TestTimeAggregationStep extends AggregationProgress {
  snapshot: RunSnapshot;
}

/**
 * Copies pre-trained weights (the single backbone's, unlabelled/rotation.ts) into a backbone's
 * variables, the first `shared` of which the experts share (all of them for a single model).
 * Each expert's own stage (the rest, in equal groups) gets a copy of the pre-trained later layers
 * when it has their shapes (the MLP's last layer, TLC's full-width CNN stage); a ¾-width stage
 * (RIDE, SADE, MDCS on the CNN) has no pre-trained counterpart and keeps its initialisation.
 */
export function loadWeights(variables: readonly tf.Variable[], weights: readonly tf.Tensor[], shared = variables.length): void {
  const same = (v: tf.Variable, w: tf.Tensor | undefined) => !!w && v.shape.join() === w.shape.join();
  variables.slice(0, shared).forEach((v, j) => {
    const w = weights[j];
    if (!w || !same(v, w)) throw new Error(`Pre-trained weight ${j} has shape [${w?.shape.join(', ') ?? 'none'}]; the model's is [${v.shape.join(', ')}].`);
    v.assign(w);
  });
  const later = weights.slice(shared);
  const own = variables.slice(shared);
  for (let start = 0; later.length > 0 && start < own.length; start += later.length) {
    const stage = own.slice(start, start + later.length);
    if (stage.length === later.length && stage.every((v, i) => same(v, later[i]))) stage.forEach((v, i) => v.assign(later[i] as tf.Tensor));
  }
}

/**
 * The inputs the decision-region view evaluates: the grid itself for 2-D data; for more features,
 * the grid's points of the plane of the two principal components, mapped back into feature space
 * (the data are standardised, so the plane passes through the mean).
 */
export function decisionGridInputs(dataset: Dataset, size: number): tf.Tensor2D {
  return tf.tidy(() => {
    const grid = tf.tensor2d(gridPoints(dataset.extent ?? { min: -1, max: 1 }, size), [size ** 2, 2]);
    const p = dataset.projection;
    return p ? tf.matMul(grid, tf.tensor2d(p, [2, p.length / 2])) : grid;
  });
}
