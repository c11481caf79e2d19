import type * as tf from '@tensorflow/tfjs-core';
import type { RunConfig } from '../config';
import type { Dataset } from '../data/dataset';
import type { ComputeOptions } from '../models/build';
import { pseudoLabelPhase, type PseudoLabelReport } from './pseudoLabel';
import { rotationPhase, type RotationReport } from './rotation';

/** Where the extra phase before a run stands: what the run status shows while it lasts. */
export interface PhaseProgress {
  phase: 'pseudo-label' | 'rotation-pretrain';
  /** One line for the run status, e.g. "rotation pre-training: epoch 3 of 10 (loss 1.02)". */
  text: string;
  epoch: number;
  epochs: number;
}

/** What the extra phase found, for the page (it crosses to the page with the dataset summary). */
export type UnlabelledReport = { kind: 'pseudo-label'; pseudo: PseudoLabelReport } | { kind: 'rotation-pretrain'; rotation: RotationReport };

/** What a run trains from after its extra phase: its data (labelled + pseudo-labelled) and backbone weights. */
export interface PreparedRun {
  dataset: Dataset;
  /** Rotation pre-training: the backbone's weights (the caller disposes them once the Trainer has copied them). */
  backbone?: tf.Tensor[];
  report?: UnlabelledReport;
}

/**
 * The run's extra phase, as config.unlabelled asks: none, pseudo-labelling (a cross-entropy
 * model on the labelled set labels the unlabelled pool), or rotation pre-training. Yields its
 * progress; returns what the Trainer starts from. Seeded: the same config gives the same result.
 */
export async function* prepareRun(
  config: RunConfig,
  dataset: Dataset,
  compute: ComputeOptions = {},
  /** Rotation pre-training's per-step losses, read back when given (the PyTorch step check). */
  stepLosses?: number[],
): AsyncGenerator<PhaseProgress, PreparedRun, undefined> {
  const { kind } = config.unlabelled;
  if (kind === 'pseudo-label') {
    const { dataset: union, report } = yield* pseudoLabelPhase(config, dataset, compute);
    return { dataset: union, report: { kind, pseudo: report } };
  }
  if (kind === 'rotation-pretrain') {
    const { backbone, report } = yield* rotationPhase(config, dataset, compute, stepLosses);
    return { dataset, backbone, report: { kind, rotation: report } };
  }
  return { dataset };
}

/** Runs the extra phase to its end (tests, scripts). */
export async function prepareRunToEnd(config: RunConfig, dataset: Dataset, compute: ComputeOptions = {}, stepLosses?: number[]): Promise<PreparedRun> {
  const phase = prepareRun(config, dataset, compute, stepLosses);
  for (;;) {
    const next = await phase.next();
    if (next.done) return next.value;
  }
}
