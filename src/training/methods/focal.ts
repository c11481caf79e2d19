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
  ],
  summary: 'Down-weight examples the model already gets right, so training focuses on hard ones.',
  explanation:
    'Each example’s loss is multiplied by (1 − p_y)^γ, where p_y is the probability the model ' +
    'gives its true class. Easy examples, with p_y near 1, contribute almost nothing; hard, ' +
    'misclassified ones keep their full loss. Head classes are mostly easy after a while, so their ' +
    'thousands of examples stop drowning the gradient, and the hard examples, many of them from ' +
    'the tail, get the model’s attention. It re-weights by difficulty rather than by class, so its ' +
    'help for the tail is indirect.',
  formula: String.raw`\mathcal{L} = -(1 - p_y)^{\gamma}\,\log p_y, \qquad p = \operatorname{softmax}(z)`,
  paper: PAPERS.lin2017,
  create: ({ params }) => {
    const gamma = param(params, 'gamma');
    return { loss: ({ logits, labels }) => focalLoss(logits, labels, gamma) };
  },
};
