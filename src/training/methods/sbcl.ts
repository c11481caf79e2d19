import * as tf from '@tensorflow/tfjs-core';
import { tileLabels } from './aggregation';
import { sbclLoss, supConLoss, type SbclLossSpec } from './contrastive';
import { classBalancedInStage2, STAGE2_START } from './crt';
import { crossEntropy } from './losses';
import { mdcsViews } from './mdcs';
import { PAPERS } from './papers';
import { clusterSubclasses, subclassesPerClass, type Subclasses } from './subclasses';
import { param, type MethodDefinition } from './types';
import { augmentView } from './views';

/** Width of the projection head's output (the authors: 128 on ResNet-32's 64 features; our features are 16–64 wide). */
export const SBCL_PROJECTION = 32;
/** τ_b of the subclass term's scale τ/τ_b (authors' SupConLoss_rank default). */
export const SBCL_BASE_TEMPERATURE = 0.07;

/** Whole epochs for a fraction of training, at least 1. */
const epochsOf = (fraction: number, epochs: number) => Math.max(1, Math.round(fraction * epochs));

/**
 * The epochs at whose start SBCL clusters: after the supervised-contrastive warm-up, then every
 * `every` (the authors: warm-up 10 of 1000 epochs, re-clustering every 10).
 */
export function clusterDue(epoch: number, epochs: number, warmup: number, every: number): boolean {
  const start = epochsOf(warmup, epochs);
  return epoch >= start && (epoch - start) % epochsOf(every, epochs) === 0;
}

export const sbclMethod: MethodDefinition = {
  id: 'sbcl',
  label: 'SBCL (subclass-balancing contrastive)',
  family: 'module',
  params: [
    { key: 'temperature', label: 'Temperature τ', default: 0.1, min: 0.05, max: 1, step: 0.01, help: 'Temperature of the contrastive scores; lower sharpens them (the authors: 0.1).' },
    { key: 'beta', label: 'Class term β', default: 0.25, min: 0, max: 2, step: 0.05, help: 'Weight of the term that pulls a class’s subclasses together (0: subclasses only).' },
    {
      key: 'warmup',
      label: 'Warm-up',
      default: 0.2,
      min: 0.05,
      max: 1,
      step: 0.05,
      help: 'Fraction of training with plain supervised contrastive learning before the first clustering (whole epochs, at least one); from the stage-2 start on, no subclasses at all: SBCL’s base, SupCon.',
    },
    { key: 'recluster', label: 'Re-cluster every', default: 0.1, min: 0.05, max: 0.5, step: 0.05, help: 'Fraction of training between two k-means clusterings of the classes into subclasses (whole epochs, at least one).' },
    STAGE2_START,
  ],
  summary: 'Contrastive representation learning on subclasses of equal size (head classes split by k-means), then a class-balanced linear classifier.',
  explanation:
    'Supervised contrastive learning pulls together samples of the same class, so a head class with ' +
    'a hundred times more samples dominates the loss. SBCL splits each class by k-means on its ' +
    'current embeddings into subclasses about the size of the smallest class, re-computed every few ' +
    'epochs, and contrasts subclasses instead: every subclass weighs about the same, so the head no ' +
    'longer dominates, yet every sample still counts (instance balance). A second term, at a ' +
    'temperature adapted to how spread each class is, keeps a class’s subclasses closer to one ' +
    'another than to other classes. Two augmented views of each sample (2-D points: Gaussian jitter ' +
    'σ 0.1; images: a shift, pixel noise and a cut-out), a projection head, then, with the ' +
    'representation frozen, a fresh linear classifier trained with class-balanced sampling (cRT). ' +
    'Defaults for our short runs: warm-up 20 % and re-clustering every 10 % of training (the authors: ' +
    '10 and every 10 of 1000 epochs), a 32-wide projection (theirs 128), k-means on the un-augmented ' +
    'inputs (theirs on one augmented view), stage 2 from 70 % (the paper reports an LDAM-DRW classifier). ' +
    'Measured on the 2-D blobs (ρ 100, 10 epochs, seeds 1–3): against its base, the same two stages ' +
    'with plain supervised contrastive learning (warm-up 1), subclasses lift Few from 56 % to 70 % in ' +
    'every seed at equal balanced accuracy (68 %), trading head for tail (Many 72 % → 60 %). Against ' +
    'cross-entropy Few rises from 10 %; against cRT (Few 68 %, balanced 74 %) the tail is level but the ' +
    'head gives up more, so the paper’s gain over a cross-entropy representation does not show on this small data.',
  formula: String.raw`\begin{gathered} \mathcal{L}_i = -\frac{\tau}{\tau_b} \frac{1}{|P_i|} \sum_{p \in P_i} \log \frac{e^{z_i \cdot z_p / \tau}}{\sum_{a \neq i} e^{z_i \cdot z_a / \tau}} \\ - \beta \frac{1}{|Q_i|} \sum_{q \in Q_i} \log \frac{e^{z_i \cdot z_q / \tau_{y_i}}}{\sum_{a \in A_i} e^{z_i \cdot z_a / \tau_{y_i}}} \\ P_i\text{: same subclass} \quad Q_i\text{: same class, other subclass} \cup \{i'\} \\ A_i\text{: other subclasses} \cup \{i'\} \quad K_c = \max\bigl(1, \lfloor n_c / \max(n_{\min}, 10) \rfloor\bigr) \end{gathered}`,
  paper: PAPERS.hou2023,
  create: ({ classCounts, params, rng, inputShape }) => {
    const perClass = subclassesPerClass(classCounts);
    const loss: SbclLossSpec = { temperature: param(params, 'temperature'), baseTemperature: SBCL_BASE_TEMPERATURE, beta: param(params, 'beta') };
    const warmup = param(params, 'warmup');
    const every = param(params, 'recluster');
    const view = mdcsViews(inputShape).strong;
    let current: Subclasses | null = null;
    let clusteredAt = -1;
    return {
      contrastive: {
        projectionSize: SBCL_PROJECTION,
        wantsEmbedding: (epoch, epochs) => clusterDue(epoch, epochs, warmup, every),
        updateEmbedding: (embedding, size, labels, epoch) => {
          current = clusterSubclasses(embedding, size, labels, perClass, loss.temperature, rng);
          clusteredAt = epoch;
        },
        state: () => ({
          subclass: current?.local ?? null,
          perClass,
          temperatures: current?.temperatures ?? perClass.map(() => loss.temperature),
          epoch: clusteredAt,
        }),
      },
      augmentBatch: (x) => tf.concat([augmentView(x, inputShape, view, rng), augmentView(x, inputShape, view, rng)]),
      classSamplingWeights: classBalancedInStage2(classCounts.length),
      secondStage: { start: param(params, 'stage2Start'), trains: 'head' },
      loss: ({ logits, labels, embedding, indices, stage }) => {
        if (stage === 2 || !embedding || !indices) return crossEntropy(logits, labels);
        const both = tileLabels(labels, 2);
        // Warm-up: plain supervised contrastive learning on the classes (the authors' SupConLoss, τ_b = τ).
        if (!current) return supConLoss(embedding, both, loss.temperature, loss.temperature);
        const { global, temperatures } = current;
        const subclasses = tf.tensor1d(Int32Array.from([...indices, ...indices], (i) => global[i] ?? 0), 'int32');
        return sbclLoss(embedding, both, subclasses, tf.gather(tf.tensor1d(temperatures), both), loss);
      },
    };
  },
};
