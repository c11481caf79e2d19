import { crossEntropy } from './losses';
import { PAPERS } from './papers';
import { param, type MethodDefinition, type ParamSpec } from './types';

/** When the decoupled second stage starts; shared by cRT and LWS. */
export const STAGE2_START: ParamSpec = {
  key: 'stage2Start',
  label: 'Stage 2 start',
  default: 0.7,
  min: 0.1,
  max: 0.95,
  step: 0.05,
  help: 'Fraction of training spent learning the representation with plain cross-entropy before the classifier stage (rounded to a whole epoch).',
};

/** Stage 2 samples every class equally often (class-balanced), as in Kang et al. */
export function classBalancedInStage2(classes: number): (progress: number, stage: 1 | 2) => number[] | undefined {
  const uniform = Array.from({ length: classes }, () => 1);
  return (_progress, stage) => (stage === 2 ? uniform : undefined);
}

export const crtMethod: MethodDefinition = {
  id: 'crt',
  label: 'Classifier re-training (cRT)',
  family: 're-balancing',
  params: [STAGE2_START],
  summary: 'Learn features with plain training, then freeze them and retrain a fresh classifier with class-balanced sampling.',
  explanation:
    'Kang et al. found that plain, instance-balanced training learns the best features, and that ' +
    'what fails the tail is mostly the classifier on top. So training is split in two. Stage 1 ' +
    'is ordinary cross-entropy on the natural data. Stage 2 freezes the backbone, throws the ' +
    'classifier away, draws a new one at random and trains only it, sampling every class equally ' +
    'often. The new classifier never sees the head dominate, so its boundaries are balanced, and ' +
    'the tail gains accuracy without the features over-fitting its few examples. Where the tail ' +
    'has only a handful of examples and the features come from a small network, the new classifier ' +
    'can over-fit them instead: on Fashion-MNIST-LT with the reference CNN (ρ 100, ten “Ankle boot” ' +
    'images) cRT falls to 37 % overall, in PyTorch as in the app; on the 2-D blobs it lifts Few ' +
    'from about a fifth to about 70 %.',
  formula: String.raw`\text{stage 1: } \min_{\theta, W} \mathrm{CE},\ p_j \propto n_j \qquad \text{stage 2: } \min_{W} \mathrm{CE}\bigl(W^{\top} f_{\theta}(x)\bigr),\ \theta \text{ frozen},\ p_j = \tfrac{1}{C}`,
  paper: PAPERS.kang2020,
  create: ({ classCounts, params }) => ({
    loss: ({ logits, labels }) => crossEntropy(logits, labels),
    classSamplingWeights: classBalancedInStage2(classCounts.length),
    secondStage: { start: param(params, 'stage2Start'), trains: 'head' },
  }),
};
