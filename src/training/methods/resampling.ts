import { samplingProbabilities } from './classStats';
import { crossEntropy } from './losses';
import { PAPERS } from './papers';
import { param, type MethodDefinition } from './types';

export const resamplingMethod: MethodDefinition = {
  id: 'resampling',
  label: 'Re-sampling',
  family: 're-balancing',
  params: [
    {
      key: 'q',
      label: 'Exponent q',
      default: 0,
      min: 0,
      max: 1,
      step: 0.05,
      help: 'Class j is drawn with probability ∝ n_j^q: 0 class-balanced, ½ square-root, 1 the natural (instance-balanced) frequencies.',
    },
  ],
  summary: 'Draw training batches with class probability ∝ n_j^q, so tail classes are seen more often.',
  explanation:
    'Instead of showing every example once per epoch, each draw first picks a class with ' +
    'probability proportional to n_j^q and then one of its examples. With q = 0 every class is ' +
    'equally likely, so a tail class with 5 examples is seen as often as a head class with 500: ' +
    'its examples repeat many times per epoch, the boundaries move back toward the head classes, ' +
    'and tail accuracy rises. The price is over-fitting to the few tail examples, which are ' +
    'memorised, and fewer looks at the head; q = ½ (square-root sampling) is the compromise.',
  formula: String.raw`p_j = \frac{n_j^{\,q}}{\sum_k n_k^{\,q}}, \qquad \mathcal{L} = -\log \frac{e^{z_y}}{\sum_j e^{z_j}}`,
  paper: PAPERS.kang2020,
  create: ({ classCounts, params }) => {
    const probabilities = samplingProbabilities(classCounts, param(params, 'q'));
    return {
      loss: ({ logits, labels }) => crossEntropy(logits, labels),
      classSamplingWeights: () => probabilities,
    };
  },
};
