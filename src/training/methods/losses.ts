import * as tf from '@tensorflow/tfjs-core';

/** Mean cross-entropy of integer labels, computed from log-softmax (stable for large logits). */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const logProbs = tf.logSoftmax(logits);
    const oneHot = tf.oneHot(labels, classes);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logProbs), 1))) as tf.Scalar;
  });
}
