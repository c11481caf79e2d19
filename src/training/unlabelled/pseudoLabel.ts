import type { RunConfig } from '../config';
import type { Dataset } from '../data/dataset';
import { argmaxRows } from '../metrics/accuracy';
import type { ComputeOptions } from '../models/build';
import { Trainer } from '../trainer';
import type { PhaseProgress } from './phase';

/** How good the pseudo-labels are, and how the labelling model itself does on the test set. */
export interface PseudoLabelReport {
  /** Per true class: the fraction of its unlabelled examples labelled right (NaN for a class absent from the pool). */
  perClassAccuracy: number[];
  /** Unlabelled examples of each true class (hidden from training). */
  trueCounts: number[];
  /** Pseudo-labels given to each class: what the run trains on besides the labelled set. */
  pseudoCounts: number[];
  /** Pseudo-labels that are right, over all of them. */
  accuracy: number;
  /**
   * The labelling model — cross-entropy on the labelled set alone, with the run's seed, model and
   * schedule — on the test set: the same as a cross-entropy run without unlabelled data.
   */
  teacher: { balancedAccuracy: number; many: number; medium: number; few: number };
}

/** Yields the run status at most this often while the labelling model trains. */
const REPORT_MS = 200;

/**
 * The semi-supervised phase, as the authors' gen_pseudolabels.py and train_semi.py: a
 * cross-entropy model trained on the labelled set (the run's seed, model, optimiser and epochs)
 * labels the unlabelled pool by its argmax; the run then trains on labelled + pseudo-labelled
 * examples, its class counts (what re-balancing methods read) including the pseudo-labels.
 */
export async function* pseudoLabelPhase(
  config: RunConfig,
  dataset: Dataset,
  compute: ComputeOptions = {},
): AsyncGenerator<PhaseProgress, { dataset: Dataset; report: PseudoLabelReport }, undefined> {
  const pool = dataset.unlabelled;
  if (!pool) throw new Error('Pseudo-labels need an unlabelled pool (unlabelled/pool.ts: withUnlabelledPool).');
  const teacher = new Trainer(labellingConfig(config), { ...dataset, unlabelled: undefined }, compute);
  try {
    let lastReport = performance.now();
    let loss = NaN;
    while (!teacher.done) {
      teacher.trainStep();
      const endOfEpoch = teacher.step % teacher.stepsPerEpoch === 0;
      if (endOfEpoch) loss = (await teacher.evaluate({ test: false })).trainLoss;
      if (endOfEpoch || performance.now() - lastReport > REPORT_MS) {
        lastReport = performance.now();
        const epoch = Math.ceil(teacher.step / teacher.stepsPerEpoch);
        const lossText = Number.isFinite(loss) ? ` (loss ${loss.toFixed(3)})` : '';
        yield { phase: 'pseudo-label', text: `pseudo-labels: training the labelling model (cross-entropy, labelled data only), epoch ${epoch} of ${config.epochs}${lossText}`, epoch, epochs: config.epochs };
      }
    }
    yield { phase: 'pseudo-label', text: `pseudo-labels: labelling ${pool.y.length} unlabelled examples`, epoch: config.epochs, epochs: config.epochs };
    const test = (await teacher.evaluate()).test;
    const labels = argmaxRows(await teacher.predict(pool.x), dataset.classes);
    const report = scorePseudoLabels(labels, pool.y, dataset.classes);
    const union = joinPseudoLabelled(dataset, pool.x, labels, report.pseudoCounts);
    const { balancedAccuracy, splits } = test;
    return { dataset: union, report: { ...report, teacher: { balancedAccuracy, many: splits.many, medium: splits.medium, few: splits.few } } };
  } finally {
    teacher.dispose();
  }
}

/** The labelling model's config: the run's, with cross-entropy and no unlabelled data. */
export function labellingConfig(config: RunConfig): RunConfig {
  return { ...config, method: { id: 'ce', params: {} }, unlabelled: { ...config.unlabelled, kind: 'none' } };
}

/** Per-class and overall accuracy of pseudo-labels against the pool's hidden true labels. */
export function scorePseudoLabels(labels: ArrayLike<number>, truth: Int32Array, classes: number): Omit<PseudoLabelReport, 'teacher'> {
  const trueCounts = new Array<number>(classes).fill(0);
  const right = new Array<number>(classes).fill(0);
  const pseudoCounts = new Array<number>(classes).fill(0);
  let correct = 0;
  truth.forEach((y, i) => {
    const p = labels[i] ?? 0;
    trueCounts[y] = (trueCounts[y] ?? 0) + 1;
    pseudoCounts[p] = (pseudoCounts[p] ?? 0) + 1;
    if (p === y) {
      right[y] = (right[y] ?? 0) + 1;
      correct++;
    }
  });
  return {
    perClassAccuracy: trueCounts.map((n, c) => (n > 0 ? (right[c] ?? 0) / n : NaN)),
    trueCounts,
    pseudoCounts,
    accuracy: truth.length > 0 ? correct / truth.length : NaN,
  };
}

/** The labelled set followed by the pseudo-labelled pool; splits keep following the labelled counts. */
function joinPseudoLabelled(dataset: Dataset, x: Float32Array, labels: ArrayLike<number>, pseudoCounts: number[]): Dataset {
  const { train } = dataset;
  const joinedX = new Float32Array(train.x.length + x.length);
  joinedX.set(train.x);
  joinedX.set(x, train.x.length);
  const joinedY = new Int32Array(train.y.length + labels.length);
  joinedY.set(train.y);
  joinedY.set(Int32Array.from(labels), train.y.length);
  return {
    ...dataset,
    unlabelled: undefined,
    labelledCounts: train.counts,
    train: { x: joinedX, y: joinedY, counts: train.counts.map((n, c) => n + (pseudoCounts[c] ?? 0)) },
  };
}
