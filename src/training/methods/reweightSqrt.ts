import { sqrtInverseWeights } from './classStats';
import { weightedCrossEntropy } from './losses';
import { PAPERS } from './papers';
import type { MethodDefinition } from './types';

export const reweightSqrtMethod: MethodDefinition = {
  id: 'reweight-sqrt',
  label: 'Re-weighting (square root)',
  family: 're-balancing',
  params: [],
  summary: 'Weight each example’s loss by (n_min / n)^½: a gentler boost of the tail than inverse frequency.',
  explanation:
    'Like inverse-frequency weighting, tail examples count more in the loss, but only by the ' +
    'square root of the imbalance: at a ratio of 100 between the largest and the smallest class, ' +
    'a tail example weighs 10 times a head example instead of 100 times. The tail gets part of ' +
    'its boundary back while the head loses less, and training stays smoother because no handful ' +
    'of examples dominates the gradient.',
  formula: String.raw`w_j \propto \Bigl(\frac{n_{\min}}{n_j}\Bigr)^{1/2},\ \ \sum_j w_j = C, \qquad \mathcal{L} = \frac{\sum_i w_{y_i}\,\ell_i}{\sum_i w_{y_i}}`,
  paper: PAPERS.cui2019,
  create: ({ classCounts }) => {
    const weights = sqrtInverseWeights(classCounts);
    return { loss: ({ logits, labels }) => weightedCrossEntropy(logits, labels, weights) };
  },
};
