import { classBalancedWeights } from './classStats';
import { focalLoss } from './losses';
import { PAPERS } from './papers';
import { param, type MethodDefinition } from './types';

export const focalMethod: MethodDefinition = {
  id: 'focal',
  label: 'Focal loss',
  family: 're-balancing',
  params: [
    {
      key: 'gamma',
      label: 'Focusing γ',
      default: 1,
      min: 0,
      max: 5,
      step: 0.5,
      help: 'How strongly well-classified examples are down-weighted: 0 is plain cross-entropy; the LDAM-DRW code uses 1, RetinaNet 2.',
    },
    {
      key: 'beta',
      label: 'Class-balance β',
      default: 0,
      min: 0,
      max: 0.9999,
      step: 0.0001,
      help: 'Class weights α_j ∝ (1 − β)/(1 − β^{n_j}) (Cui et al.’s effective number): 0 gives plain focal loss, 0.9999 the class-balanced focal loss.',
    },
  ],
  summary: 'Down-weight examples the model already gets right, so training focuses on hard ones.',
  explanation:
    'Each example’s loss is multiplied by (1 − p_y)^γ, where p_y is the probability the model ' +
    'gives its true class. Easy examples, with p_y near 1, contribute almost nothing; hard, ' +
    'misclassified ones keep their full loss. Head classes are mostly easy after a while, so their ' +
    'thousands of examples stop drowning the gradient, and the hard examples, many of them from ' +
    'the tail, get the model’s attention. It re-weights by difficulty rather than by class, so its ' +
    'help for the tail is indirect. With β > 0 each class is also weighted by the inverse of its ' +
    'effective number of examples: the class-balanced focal loss of Cui et al. (β = 0.9999). On ' +
    'our small data that over-corrects: with at most a few hundred examples a class, β = 0.9999 is ' +
    'nearly inverse frequency (2-D blobs, seeds 1–3: Few 0.86 but Many 0.53, against cross-entropy’s ' +
    '0.10 / 0.97; plain focal γ = 1 gives 0.15 / 0.96).',
  formula: String.raw`\ell = -\alpha_y \log p_y,\quad \mathcal{L} = (1 - e^{-\ell})^{\gamma}\,\ell, \qquad p = \operatorname{softmax}(z),\ \alpha_j \propto \frac{1 - \beta}{1 - \beta^{n_j}}\ (\beta = 0:\ \alpha_j = 1,\ e^{-\ell} = p_y)`,
  paper: PAPERS.lin2017,
  create: ({ params, classCounts }) => {
    const gamma = param(params, 'gamma');
    const beta = param(params, 'beta');
    const weights = beta > 0 ? classBalancedWeights(classCounts, beta) : undefined;
    return { loss: ({ logits, labels }) => focalLoss(logits, labels, gamma, weights) };
  },
};
