/** What the page needs to draw a run's data, built once in the worker when the run starts. */
import { inputSize, type Dataset } from '../training/data/dataset';
import { project } from '../training/data/pca';
import { describeSplitRule } from '../training/data/longtail';
import type { Trainer } from '../training/trainer';
import type { UnlabelledReport } from '../training/unlabelled/phase';
import type { DatasetSummary } from './protocol';

/** Training points sent for the decision-boundary view (the tail is always kept whole). */
const MAX_POINTS = 4000;

/** `unlabelled`: what the run's extra phase found (pseudo-label accuracy, rotation pre-training). */
export function summarise(dataset: Dataset, trainer: Trainer, unlabelled?: UnlabelledReport): DatasetSummary {
  return {
    name: dataset.name,
    classes: dataset.classes,
    classNames: dataset.classNames,
    // A pseudo-labelled run shows the labelled counts its splits follow; the pseudo-labels have their own card.
    trainCounts: dataset.labelledCounts ?? dataset.train.counts,
    testCounts: dataset.test.counts,
    splits: trainer.splits,
    splitRule: describeSplitRule(trainer.splitRule),
    stepsPerEpoch: trainer.stepsPerEpoch,
    totalSteps: trainer.totalSteps,
    secondStageStartStep: trainer.secondStageStartStep,
    points: dataset.extent ? samplePoints(dataset) : undefined,
    extent: dataset.extent,
    images: dataset.inputShape.length === 3 ? sampleImages(dataset) : undefined,
    unlabelled,
  };
}

/** Up to `perClass` training images of each class as 8-bit grey, for the image grid. */
export function sampleImages(dataset: Dataset, perClass = 16): { shape: [number, number]; pixels: Uint8Array; labels: Int32Array } {
  const [h = 0, w = 0] = dataset.inputShape;
  const size = h * w;
  const taken = new Array<number>(dataset.classes).fill(0);
  const pixels: number[] = [];
  const labels: number[] = [];
  dataset.train.y.forEach((c, i) => {
    if ((taken[c] ?? 0) >= perClass) return;
    taken[c] = (taken[c] ?? 0) + 1;
    labels.push(c);
    for (let p = 0; p < size; p++) pixels.push(Math.round((dataset.train.x[i * size + p] ?? 0) * 255));
  });
  return { shape: [h, w], pixels: Uint8Array.from(pixels), labels: Int32Array.from(labels) };
}

/** A class-stratified sample of at most ~MAX_POINTS training points; small classes are kept whole. */
export function samplePoints(dataset: Dataset): { x: Float32Array; y: Int32Array } {
  const n = dataset.train.y.length;
  // More than two features: the points are shown in the plane of their two principal components.
  const xy = dataset.projection ? project(dataset.train.x, n, inputSize(dataset), dataset.projection) : dataset.train.x;
  const keepPerClass = dataset.train.counts.map((count) => Math.min(count, Math.max(50, Math.round((MAX_POINTS * count) / n))));
  const seen = new Array<number>(dataset.classes).fill(0);
  const x: number[] = [];
  const y: number[] = [];
  dataset.train.y.forEach((c, i) => {
    const count = dataset.train.counts[c] ?? 1;
    const keep = keepPerClass[c] ?? 0;
    // Evenly spaced picks within each class: the data is already in random order per class.
    const taken = seen[c] ?? 0;
    seen[c] = taken + 1;
    if (Math.floor((taken * keep) / count) !== Math.floor(((taken + 1) * keep) / count)) {
      x.push(xy[2 * i] ?? 0, xy[2 * i + 1] ?? 0);
      y.push(c);
    }
  });
  return { x: Float32Array.from(x), y: Int32Array.from(y) };
}
