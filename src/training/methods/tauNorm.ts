import * as tf from '@tensorflow/tfjs-core';
import { columnNorms } from '../models/head';
import { crossEntropy } from './losses';
import { PAPERS } from './papers';
import type { MethodDefinition, ParamSpec } from './types';

/**
 * Kang et al.'s optimiser (their configs: SGD, momentum 0.9, weight decay 5e-4; learning rate 0.1
 * for our small models): the setting in which classifier weight norms follow class frequency and
 * τ-normalisation helps (decoupling.efficacy.test.ts). The decoupling lesson trains in it.
 */
export const KANG_OPTIMIZER = { kind: 'sgd', learningRate: 0.1, momentum: 0.9, weightDecay: 5e-4 } as const;

const TAU: ParamSpec = {
  key: 'tau',
  label: 'τ',
  default: 1,
  min: 0,
  max: 2,
  step: 0.05,
  help: 'How far the class weight norms are equalised: 0 leaves the trained classifier, 1 gives every class a unit-norm weight vector. Moves live on the trained model.',
};

export const tauNormMethod: MethodDefinition = {
  id: 'tau-norm',
  label: 'τ-normalisation',
  family: 're-balancing',
  params: [TAU],
  posthoc: TAU,
  summary: 'Train with plain cross-entropy, then divide each class weight vector by its norm^τ: a τ slider, no retraining.',
  explanation:
    'After plain training with SGD, momentum and weight decay (Kang et al.’s setting), the ' +
    'classifier’s weight vector of a head class is much longer than a tail class’s: the many head ' +
    'examples kept pushing it outward while weight decay shrinks the rarely pushed tail vectors. ' +
    'Under Adam without weight decay the norms need not follow frequency, and τ-normalisation then ' +
    'has little to undo: use the decoupling lesson’s optimiser. A longer weight vector means ' +
    'larger logits, so head classes win wherever features are ambiguous. τ-normalisation divides ' +
    'each class’s weight vector by its norm raised to τ, which shrinks the long head vectors the ' +
    'most; at τ = 1 all have unit length and only their directions decide. The features are left ' +
    'as they are, so the τ slider moves the boundaries live on the trained model. On the reference ' +
    'scenario trained in that setting (Fashion-MNIST-LT, ρ 100, the reference CNN, SGD 0.1, momentum ' +
    '0.9, weight decay 5e-4, 10 epochs; seeds 0–2, docs/fidelity.md) τ = 1 raises Few from 59.5 to ' +
    '70.5 % at the cost of Many (79.0 → 67.6 %), overall level (69.7 → 69.6 %); PyTorch, same exports: ' +
    'Few 59.2 → 70.5 %, overall 70.3 → 69.2 %.',
  formula: String.raw`\tilde w_j = \frac{w_j}{\lVert w_j \rVert^{\tau}}, \qquad \hat y = \arg\max_j\ \tilde w_j^{\top} f(x)`,
  paper: PAPERS.kang2020,
  create: () => ({
    loss: ({ logits, labels }) => crossEntropy(logits, labels),
    // Kang et al.'s τ-norm code (pnorm, then dotproduct_similarity(feat, weights)) predicts
    // without the classifier's bias, at every τ; we do the same, so τ = 0 is the bias-free classifier.
    predictionHead: (head, tau) => ({
      kernel: tf.div(head.kernel, tf.pow(columnNorms(head.kernel), tau)),
      bias: tf.zerosLike(head.bias),
    }),
  }),
};
