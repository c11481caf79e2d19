import type { RunConfig } from '../config';
import type { Rng } from '../rng';
import { withHead, type Classifier } from './classifier';
import { createCnnBackbone } from './cnn';
import type { HeadSpec } from './head';
import { createMlpBackbone } from './mlp';

/** The classifier a config asks for, on inputs of `inputShape`, with the method's head. */
export function buildModel(model: RunConfig['model'], inputShape: readonly number[], classes: number, head: HeadSpec, rng: Rng): Classifier {
  if (model.kind === 'cnn') {
    const [h, w, c] = inputShape;
    if (h === undefined || w === undefined || c === undefined) throw new Error('The CNN needs image inputs [height, width, channels].');
    const backbone = createCnnBackbone({ inputShape: [h, w, c], filters: [model.filters1, model.filters2], dense: model.dense, kernel: 3 }, rng);
    return withHead(backbone, classes, head, rng);
  }
  const inputSize = inputShape.reduce((a, b) => a * b, 1);
  return withHead(createMlpBackbone({ inputSize, width: model.width, depth: model.depth }, rng), classes, head, rng);
}
