import { crossEntropy, shiftLogits } from './losses';
import { PAPERS } from './papers';
import type { MethodDefinition } from './types';

export const balancedSoftmaxMethod: MethodDefinition = {
  id: 'balanced-softmax',
  label: 'Balanced softmax',
  family: 're-balancing',
  params: [],
  summary: 'Train with log n_j added to the logits, so the model learns a classifier for balanced data.',
  explanation:
    'The training data says “head classes are common”, and plain softmax learns that prior along ' +
    'with the classes. Balanced softmax adds log n_j to each logit during training only: the ' +
    'training prior is then supplied by this fixed shift, and the network’s own logits are free ' +
    'to model what each class looks like. At test time the shift is dropped, which is exactly the ' +
    'prediction for a balanced test set. The tail no longer pays for its rarity, and no example ' +
    'is repeated or weighted.',
  formula: String.raw`\mathcal{L} = -\log \frac{n_y\, e^{z_y}}{\sum_j n_j\, e^{z_j}} = \mathrm{CE}(z + \log n,\ y)`,
  paper: PAPERS.ren2020,
  create: ({ classCounts }) => {
    const logCounts = classCounts.map(Math.log);
    return { loss: ({ logits, labels }) => crossEntropy(shiftLogits(logits, logCounts), labels) };
  },
};
