import { classBalancedInStage2, STAGE2_START } from './crt';
import { crossEntropy } from './losses';
import { PAPERS } from './papers';
import { param, type MethodDefinition } from './types';

export const lwsMethod: MethodDefinition = {
  id: 'lws',
  label: 'Learnable weight scaling (LWS)',
  family: 're-balancing',
  params: [STAGE2_START],
  summary: 'Learn features and classifier with plain training, then learn one scale per class on the logits with balanced sampling.',
  explanation:
    'Like cRT, training is split in two, but stage 2 keeps both the features and the classifier ' +
    'and learns only C numbers: one scale f_j per class that multiplies its logit. They start at ' +
    '1 and are trained with class-balanced sampling, so they learn how much each class’s logits ' +
    'were inflated by its frequency; tail classes end with larger scales. It is τ-normalisation ' +
    'with the rescaling learned from data instead of set by a knob, and it keeps the boundaries’ ' +
    'directions: only their position between classes moves.',
  formula: String.raw`\tilde z_j = f_j \cdot (w_j^{\top} f_{\theta}(x) + b_j),\quad f_j \leftarrow 1, \qquad \text{stage 2: } \min_{f}\ \mathrm{CE}(\tilde z),\ \theta, W \text{ frozen},\ p_j = \tfrac{1}{C}`,
  paper: PAPERS.kang2020,
  create: ({ classCounts, params }) => ({
    loss: ({ logits, labels }) => crossEntropy(logits, labels),
    classSamplingWeights: classBalancedInStage2(classCounts.length),
    secondStage: { start: param(params, 'stage2Start'), trains: 'logit-scales' },
  }),
};
