import { progressiveProbabilities } from './classStats';
import { crossEntropy } from './losses';
import { PAPERS } from './papers';
import type { MethodDefinition } from './types';

export const progressiveResamplingMethod: MethodDefinition = {
  id: 'progressive-resampling',
  label: 'Progressively-balanced sampling',
  family: 're-balancing',
  params: [],
  summary: 'Slide the sampler from instance-balanced at the start to class-balanced at the end.',
  explanation:
    'Early in training the sampler follows the natural frequencies, so the model learns its ' +
    'features from all the data as plain training would, head classes included. Epoch by epoch it ' +
    'shifts probability toward rare classes, and by the end every class is drawn equally often. ' +
    'The tail gets the class-balanced correction of its boundaries late, when the features are ' +
    'already good, with less time to memorise its few repeated examples.',
  formula: String.raw`p_j(t) = \Bigl(1 - \tfrac{t}{T}\Bigr)\frac{n_j}{\sum_k n_k} + \frac{t}{T}\cdot\frac{1}{C}`,
  paper: PAPERS.kang2020,
  create: ({ classCounts }) => ({
    loss: ({ logits, labels }) => crossEntropy(logits, labels),
    // The trainer calls this at each epoch start; progress is t / T with t the epoch, as in Kang et al.
    classSamplingWeights: (progress) => progressiveProbabilities(classCounts, progress),
  }),
};
