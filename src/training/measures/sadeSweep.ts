/**
 * The test-agnostic sweep for SADE: on each test distribution SADE re-learns its aggregation
 * weights on that distribution's unlabelled test inputs (as it does at test time), then predicts
 * with them. The accuracy on the distribution is the weighted mean of the per-class accuracies
 * under those weights (measures/sweep.ts), so every distribution is scored on the same pool.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ExpertEnsemble } from '../ensemble';
import { predictProbabilities } from '../evaluate';
import { argmaxRows, perClassAccuracy } from '../metrics/accuracy';
import { SWEEP_DISTRIBUTIONS, sweepCounts, sweepIndices, weightedAccuracy, type SweepPoint } from './sweep';

export interface ReaggregatingSweepInputs {
  ensemble: ExpertEnsemble;
  testX: tf.Tensor2D;
  labels: Int32Array;
  classes: number;
  poolPerClass: number;
  chunk: number;
}

/** Per distribution: learn the weights on its inputs, score per class on the whole test set. Leaves the weights as the last distribution left them. */
export async function reaggregatingSweep({ ensemble, testX, labels, classes, poolPerClass, chunk }: ReaggregatingSweepInputs): Promise<SweepPoint[]> {
  const points: SweepPoint[] = [];
  for (const d of SWEEP_DISTRIBUTIONS) {
    const subset = tf.tidy(() => tf.gather(testX, tf.tensor1d(sweepIndices(labels, classes, d, poolPerClass), 'int32')));
    let weights: number[] = [];
    try {
      for await (const pass of ensemble.testTimeAggregation(subset)) weights = pass.weights;
    } finally {
      subset.dispose();
    }
    const probs = await predictProbabilities((x) => ensemble.predictionLogits(x), testX, chunk);
    const perClass = perClassAccuracy(argmaxRows(probs, classes), labels, classes);
    points.push({ label: d.label, kind: d.kind, rho: d.rho, accuracy: weightedAccuracy(perClass, sweepCounts(d, classes, poolPerClass)), weights });
  }
  return points;
}
