import { crossEntropy } from './losses';
import type { MethodDefinition } from './types';

export const crossEntropyMethod: MethodDefinition = {
  id: 'ce',
  label: 'Cross-entropy',
  family: 'baseline',
  params: [],
  summary: 'Plain softmax cross-entropy: the baseline every long-tail method is measured against.',
  explanation:
    'Every training example counts the same, so a class with 100× more examples pulls the decision ' +
    'boundaries 100× harder. The model learns the training prior: it predicts head classes whenever ' +
    'it is unsure, and tail classes lose the border regions they share with head classes. Per-class ' +
    'accuracy then falls with class frequency. Trained with SGD, momentum and weight decay (as Kang ' +
    'et al. did), the norms of the classifier weights fall with frequency too; under Adam without ' +
    'weight decay they need not.',
  formula: String.raw`\mathcal{L} = -\log \frac{e^{z_y}}{\sum_j e^{z_j}}`,
  create: () => ({ loss: ({ logits, labels }) => crossEntropy(logits, labels) }),
};
