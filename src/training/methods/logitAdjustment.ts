import { logPrior } from './classStats';
import { crossEntropy, shiftLogits } from './losses';
import { PAPERS } from './papers';
import { param, type MethodDefinition } from './types';

export const logitAdjustmentMethod: MethodDefinition = {
  id: 'logit-adjustment',
  label: 'Logit-adjusted loss',
  family: 're-balancing',
  params: [
    {
      key: 'tau',
      label: 'τ',
      default: 1,
      min: 0,
      max: 3,
      step: 0.1,
      help: 'Strength of the prior shift: 0 is plain cross-entropy, 1 the Bayes-optimal correction for a balanced test set.',
    },
  ],
  summary: 'Train on z + τ·log π: the loss absorbs the class prior, predictions use plain z.',
  explanation:
    'The model’s logits carry the training prior log π_j, which favours head classes whenever ' +
    'it is unsure. Logit adjustment adds τ·log π_j to the logits inside the loss, so the prior is ' +
    'accounted for by this fixed term and the learned logits estimate what a balanced dataset ' +
    'would give. Rare classes must be beaten by a wider margin during training (log π is very ' +
    'negative for them), and predicting with the plain logits then moves the boundaries toward ' +
    'the head. With τ = 1 it is balanced softmax.',
  formula: String.raw`\mathcal{L} = -\log \frac{e^{z_y + \tau \log \pi_y}}{\sum_j e^{z_j + \tau \log \pi_j}}, \qquad \pi_j = \frac{n_j}{N}`,
  paper: PAPERS.menon2021,
  create: ({ classCounts, params }) => {
    const tau = param(params, 'tau');
    const shift = logPrior(classCounts).map((l) => tau * l);
    return { loss: ({ logits, labels }) => crossEntropy(shiftLogits(logits, shift), labels) };
  },
};
