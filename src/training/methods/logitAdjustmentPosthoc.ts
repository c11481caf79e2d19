import * as tf from '@tensorflow/tfjs-core';
import { logPrior } from './classStats';
import { crossEntropy } from './losses';
import { PAPERS } from './papers';
import type { MethodDefinition, ParamSpec } from './types';

const TAU: ParamSpec = {
  key: 'tau',
  label: 'τ',
  default: 1,
  min: 0,
  max: 3,
  step: 0.05,
  help: 'How much of the training prior is subtracted at prediction: 0 is plain cross-entropy, 1 the correction for a balanced test set. Moves live on the trained model.',
};

export const logitAdjustmentPosthocMethod: MethodDefinition = {
  id: 'la-posthoc',
  label: 'Post-hoc logit adjustment',
  family: 're-balancing',
  params: [TAU],
  posthoc: TAU,
  summary: 'Train with plain cross-entropy, then predict argmax(z − τ·log π): a τ slider, no retraining.',
  explanation:
    'Training is plain cross-entropy, so the logits learn the training prior and favour head ' +
    'classes. At prediction we subtract τ·log π_j from each logit. Since log π_j is very negative ' +
    'for rare classes, this raises tail logits the most, cancelling the prior the model absorbed: ' +
    'with τ = 1 it predicts as if the classes had been balanced. Nothing is retrained, so the τ ' +
    'slider moves the decision boundaries live; larger τ trades head accuracy for tail accuracy.',
  formula: String.raw`\hat y = \arg\max_j \bigl(z_j - \tau \log \pi_j\bigr), \qquad \pi_j = \frac{n_j}{N}`,
  paper: PAPERS.menon2021,
  create: ({ classCounts }) => {
    const prior = logPrior(classCounts);
    return {
      loss: ({ logits, labels }) => crossEntropy(logits, labels),
      // z − τ·log π is a bias change: same kernel, b_j − τ·log π_j.
      predictionHead: (head, tau) => ({ kernel: head.kernel, bias: tf.sub(head.bias, tf.mul(tf.tensor1d(prior), tau)) }),
    };
  },
};
