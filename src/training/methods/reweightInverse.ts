import { inverseFrequencyWeights } from './classStats';
import { weightedCrossEntropy } from './losses';
import { PAPERS } from './papers';
import type { MethodDefinition } from './types';

export const reweightInverseMethod: MethodDefinition = {
  id: 'reweight-inverse',
  label: 'Re-weighting (inverse frequency)',
  family: 're-balancing',
  params: [],
  summary: 'Weight each example’s loss by 1 / n of its class, so every class carries the same total weight.',
  explanation:
    'Every example still appears once per epoch, but its loss is multiplied by a weight ' +
    'inversely proportional to its class size: an example of a class with 5 images counts 100 ' +
    'times more than one of a class with 500. Each class then pulls the decision boundaries ' +
    'equally hard in total, so the tail regains the border regions it shares with head classes. ' +
    'Such large weights make the gradients of a few tail examples dominate and training noisier, ' +
    'which is why gentler weightings (square-root, class-balanced) exist.',
  formula: String.raw`w_j = \frac{C\,/\,n_j}{\sum_k 1/n_k}, \qquad \mathcal{L} = \frac{\sum_i w_{y_i}\,\ell_i}{\sum_i w_{y_i}}, \quad \ell_i = -\log p_{y_i}`,
  paper: PAPERS.cui2019,
  create: ({ classCounts }) => {
    const weights = inverseFrequencyWeights(classCounts);
    return { loss: ({ logits, labels }) => weightedCrossEntropy(logits, labels, weights) };
  },
};
