import { z } from 'zod';
import { choice, int, num } from '../settings';

/**
 * What a run does with unlabelled data before it trains (Yang & Xu, "Rethinking the value of
 * labels for improving class-imbalanced learning", NeurIPS 2020): nothing; pseudo-labels from a
 * cross-entropy model trained on the labelled set, added to the training set (semi-supervised);
 * or 4-way rotation prediction on the run's own images, whose backbone the run starts from
 * (self-supervised). One schema entry of the run config (config.ts), so the settings panel and
 * links carry it.
 */
export const UNLABELLED_KINDS = {
  none: 'None',
  'pseudo-label': 'Pseudo-labels (semi-supervised)',
  'rotation-pretrain': 'Rotation pre-training (self-supervised; images only)',
} as const;

const pseudo = { key: 'unlabelled.kind', oneOf: ['pseudo-label'] } as const;
const rotation = { key: 'unlabelled.kind', oneOf: ['rotation-pretrain'] } as const;

export const unlabelledSchema = z.object({
  kind: choice(UNLABELLED_KINDS, 'none', {
    label: 'Unlabelled data',
    help: 'Pseudo-labels: a cross-entropy model trained on the labelled set labels an unlabelled pool, and the run trains on both. Rotation pre-training: the network first learns to tell how its own images are rotated (0°, 90°, 180°, 270°), and the run starts from those weights; images only.',
    optionHints: {
      'pseudo-label': 'trains a cross-entropy labelling model first (as many epochs as the run)',
      'rotation-pretrain': 'images only: Fashion-MNIST or digits',
    },
  }),
  /** Size of the unlabelled pool as a multiple of the labelled set (the authors' 5). */
  ratio: num(0.5, 10, 5, {
    label: 'Unlabelled pool size (× labelled)',
    help: 'Unlabelled examples over labelled ones (Yang & Xu: 5). Image pools hold only the images the run did not draw, so a class may get fewer than asked.',
    step: 0.5,
    shownWhen: pseudo,
  }),
  /** Imbalance ratio of the unlabelled pool, classes in the labelled order. */
  rhoU: num(1, 1000, 100, {
    label: 'Unlabelled imbalance ρ_U',
    hint: '1 is a balanced pool; the paper: gains shrink as ρ_U grows',
    help: 'Imbalance of the unlabelled pool (largest over smallest class, in the labelled classes’ order). Its true labels are never used for training, only to score the pseudo-labels.',
    shownWhen: pseudo,
  }),
  /** Epochs of rotation prediction before the run. */
  pretrainEpochs: int(1, 200, 10, {
    label: 'Rotation pre-training epochs',
    help: 'Passes of 4-way rotation prediction over the run’s own images (labels unused) before the run starts from the learned backbone.',
    shownWhen: rotation,
  }),
});
export type UnlabelledConfig = z.infer<typeof unlabelledSchema>;
export type UnlabelledKind = UnlabelledConfig['kind'];

/**
 * What the data allow: rotation needs images; pseudo-labels need a pool the run did not draw
 * (2-D mixtures and the shipped images; own data have none). Own images are known to be images
 * only once loaded, so rotation on own data is left to the worker.
 */
export function checkUnlabelled(
  config: { dataset: { kind: string }; unlabelled: UnlabelledConfig },
  issue: (path: string[], message: string) => void,
): void {
  const { kind } = config.unlabelled;
  const data = config.dataset.kind;
  if (kind === 'rotation-pretrain' && (data === 'blobs' || data === 'spiral')) {
    issue(['unlabelled', 'kind'], 'rotation pre-training applies to images only (Fashion-MNIST, digits or your own images); 2-D points have no rotation to predict');
  }
  if (kind === 'pseudo-label' && data === 'own') issue(['unlabelled', 'kind'], 'pseudo-labels need an unlabelled pool, and your own data have none: choose a shipped dataset');
}
