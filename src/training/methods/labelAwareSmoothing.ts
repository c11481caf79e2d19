import { labelAwareEpsilons } from './classStats';
import { labelAwareSmoothingLoss } from './losses';
import { PAPERS } from './papers';
import { param, type MethodDefinition } from './types';

export const labelAwareSmoothingMethod: MethodDefinition = {
  id: 'label-aware-smoothing',
  label: 'Label-aware smoothing (MiSLAS)',
  family: 're-balancing',
  params: [
    {
      key: 'epsHead',
      label: 'ε head',
      default: 0.3,
      min: 0,
      max: 0.9,
      step: 0.05,
      help: 'Smoothing of the most frequent class (the authors: 0.3 on CIFAR-10-LT, 0.4 on CIFAR-100-LT).',
    },
    {
      key: 'epsTail',
      label: 'ε tail',
      default: 0,
      min: 0,
      max: 0.9,
      step: 0.05,
      help: 'Smoothing of the rarest class (the authors: 0.0 on CIFAR-10-LT, 0.1 on CIFAR-100-LT).',
    },
  ],
  summary: 'Label smoothing that is strong for head classes and weak for tail classes, against over-confidence.',
  explanation:
    'A model trained on long-tailed data is over-confident, most of all on head classes, which it ' +
    'predicts with near-certainty even when wrong. Label smoothing replaces the one-hot target by ' +
    'a mix of the true class and a uniform spread over all classes, which caps confidence. MiSLAS ' +
    'makes the amount depend on the class: ε rises from ε_tail for the rarest class to ε_head for ' +
    'the most frequent along a sine curve, so head logits are held back most. The model becomes ' +
    'better calibrated, and the smaller head logits leave more room for tail predictions.',
  formula: String.raw`\mathcal{L} = (1 - \varepsilon_y)(-\log p_y) + \varepsilon_y \cdot \frac{1}{C}\sum_k (-\log p_k),\quad \varepsilon_j = \varepsilon_{\mathrm{tail}} + (\varepsilon_{\mathrm{head}} - \varepsilon_{\mathrm{tail}})\sin\frac{\pi (n_j - n_{\min})}{2 (n_{\max} - n_{\min})}`,
  paper: PAPERS.zhong2021,
  create: ({ classCounts, params }) => {
    const epsilons = labelAwareEpsilons(classCounts, param(params, 'epsHead'), param(params, 'epsTail'));
    return { loss: ({ logits, labels }) => labelAwareSmoothingLoss(logits, labels, epsilons) };
  },
};
