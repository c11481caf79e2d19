import type { RunConfig } from '../config';
import type { Dataset, LabelledSplit } from '../data/dataset';
import { drawPoolIndices, gatherFromPool, type ImagePool } from '../data/images';
import { sampleSynthetic } from '../data/synthetic';
import { Rng } from '../rng';

/**
 * Class sizes of the unlabelled pool, as the authors' get_img_num_per_cls_unlabeled
 * (dataset/imbalance_cifar.py): `ratio` times the labelled total, falling exponentially from
 * class 0 to class C−1 by a factor ρ_U, then scaled to that total (each floored, as int()).
 */
export function unlabelledCounts(labelled: readonly number[], ratio: number, rhoU: number): number[] {
  const C = labelled.length;
  const total = Math.floor(labelled.reduce((a, b) => a + b, 0) * ratio);
  const first = Math.floor(total / C);
  const raw = labelled.map((_, c) => Math.floor(first * Math.pow(1 / rhoU, C === 1 ? 0 : c / (C - 1)) + 1e-9));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((n) => Math.floor((n * total) / Math.max(sum, 1) + 1e-9));
}

/**
 * The unlabelled pool of a pseudo-labelled run: more points of the same 2-D mixture, or the
 * images of the run's own training pool that its labelled draw did not take (so a class gets at
 * most what is left: `counts` may fall short of the request). Seeded apart from the run's data.
 * `trainPool`: the image pool the labelled set was drawn from.
 */
export function drawUnlabelledPool(config: RunConfig, dataset: Dataset, trainPool?: ImagePool): LabelledSplit {
  const { ratio, rhoU } = config.unlabelled;
  const wanted = unlabelledCounts(dataset.train.counts, ratio, rhoU);
  const rng = Rng.forPurpose(config.seed, 'unlabelledData');
  const d = config.dataset;
  if (d.kind === 'blobs' || d.kind === 'spiral') return sampleSynthetic({ kind: d.kind, noise: d.noise, classes: dataset.classes }, wanted, rng);
  if (!trainPool) throw new Error('Pseudo-labels need the unlabelled pool: the images of the training pool.');
  // Replays the labelled draw (data/images.ts) to know which images the run holds.
  const used = drawPoolIndices(trainPool, dataset.train.counts, Rng.forPurpose(config.seed, 'trainData'));
  const picks = used.map((taken, c) => {
    const inUse = new Set(taken);
    const left = Int32Array.from({ length: trainPool.entry.counts[c] ?? 0 }, (_, k) => k).filter((k) => !inUse.has(k));
    const n = Math.min(wanted[c] ?? 0, left.length);
    for (let k = 0; k < n; k++) {
      const j = k + rng.int(left.length - k);
      const pick = left[j] ?? 0;
      left[j] = left[k] ?? 0;
      left[k] = pick;
    }
    return left.slice(0, n);
  });
  return gatherFromPool(trainPool, picks);
}

/** The dataset with its unlabelled pool attached when the run asks for pseudo-labels. */
export function withUnlabelledPool(config: RunConfig, dataset: Dataset, trainPool?: ImagePool): Dataset {
  return config.unlabelled.kind === 'pseudo-label' ? { ...dataset, unlabelled: drawUnlabelledPool(config, dataset, trainPool) } : dataset;
}

/**
 * Training steps of a run with its extra phase, from its settings alone (cost estimates): the
 * labelling model's epochs plus the run on labelled + pseudo-labelled data (the pool at most as
 * asked), or the rotation pre-training epochs plus the run.
 */
export function stepsWithUnlabelled(labelled: readonly number[], batchSize: number, epochs: number, u: RunConfig['unlabelled']): number {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const n = sum(labelled);
  const per = (m: number) => Math.ceil(m / batchSize);
  if (u.kind === 'pseudo-label') return per(n) * epochs + per(n + sum(unlabelledCounts(labelled, u.ratio, u.rhoU))) * epochs;
  if (u.kind === 'rotation-pretrain') return per(n) * (epochs + u.pretrainEpochs);
  return per(n) * epochs;
}
