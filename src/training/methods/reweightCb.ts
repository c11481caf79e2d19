import { classBalancedWeights } from './classStats';
import { weightedCrossEntropy } from './losses';
import { PAPERS } from './papers';
import { param, type MethodDefinition } from './types';

export const reweightCbMethod: MethodDefinition = {
  id: 'reweight-cb',
  label: 'Class-balanced loss (effective number)',
  family: 're-balancing',
  params: [
    {
      key: 'beta',
      label: 'β',
      default: 0.9999,
      min: 0.9,
      max: 0.99999,
      step: 0.00001,
      help: 'How fast extra examples stop adding information: near 1 the weights approach inverse frequency, smaller β flattens them toward equal weights.',
    },
  ],
  summary: 'Weight each class by the inverse of its effective number of samples (1 − β^n) / (1 − β).',
  explanation:
    'Extra examples of a class overlap with the ones already there, so 500 examples are worth ' +
    'less than 100 times 5. Cui et al. model this with an effective number of samples, ' +
    '(1 − β^n) / (1 − β), which grows like n for small classes and saturates for large ones, and ' +
    'weight each class by its inverse. Tail classes get a large weight, head classes a smaller ' +
    'one, but less extreme than inverse frequency; β sets where the saturation starts. On our ' +
    'small datasets, with β = 0.9999, it is close to inverse-frequency weighting.',
  formula: String.raw`w_j \propto \frac{1 - \beta}{1 - \beta^{\,n_j}},\ \ \sum_j w_j = C, \qquad \mathcal{L} = \frac{\sum_i w_{y_i}\,\ell_i}{\sum_i w_{y_i}}`,
  paper: PAPERS.cui2019,
  create: ({ classCounts, params }) => {
    const weights = classBalancedWeights(classCounts, param(params, 'beta'));
    return { loss: ({ logits, labels }) => weightedCrossEntropy(logits, labels, weights) };
  },
};
