import * as tf from '@tensorflow/tfjs-core';
import { columnNorms } from '../models/head';
import { crossEntropy } from './losses';
import { PAPERS } from './papers';
import type { MethodDefinition, ParamSpec } from './types';

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
    'After plain training, the classifier’s weight vector of a head class is much longer than a ' +
    'tail class’s: the many head examples kept pushing it outward. A longer weight vector means ' +
    'larger logits, so head classes win wherever features are ambiguous. τ-normalisation divides ' +
    'each class’s weight vector by its norm raised to τ, which shrinks the long head vectors the ' +
    'most; at τ = 1 all have unit length and only their directions decide. The features are left ' +
    'as they are, so the τ slider moves the boundaries live on the trained model.',
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
