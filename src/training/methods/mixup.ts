import { crossEntropy, mixedCrossEntropy } from './losses';
import { drawMix, MIX_ALPHA, mixInputs } from './mixing';
import { PAPERS } from './papers';
import { param, type MethodDefinition } from './types';

export const mixupMethod: MethodDefinition = {
  id: 'mixup',
  label: 'mixup',
  family: 'augmentation',
  params: [MIX_ALPHA],
  summary: 'Train on convex mixes of pairs of examples, with the labels mixed in the same proportion.',
  explanation:
    'Each batch is paired with a shuffled copy of itself, and every pair is blended: the input is ' +
    'λ of one example plus 1 − λ of the other, and the target is the same blend of their labels, ' +
    'with λ drawn from a Beta(α, α) distribution. The model sees points between the training ' +
    'examples, which smooths its decision boundaries and makes it less over-confident. It does not ' +
    're-balance anything by itself: mixes still involve head classes far more often, and a mix of ' +
    'two head examples can land right inside a small tail cluster carrying a head label, so on ' +
    'these 2-D mixtures the tail loses ground: over seeds 1–3 of the 2-D blobs, Few accuracy fell ' +
    'from 0.20 with cross-entropy to 0.09 with mixup (efficacy setting: 0.10 → 0.01). Remix-DRW ' +
    'changes the label rule and re-weights late in training to help it.',
  formula: String.raw`\tilde x = \lambda x_a + (1 - \lambda) x_b,\quad \lambda \sim \mathrm{Beta}(\alpha, \alpha), \qquad \mathcal{L} = \lambda\,\mathrm{CE}(\tilde z, y_a) + (1 - \lambda)\,\mathrm{CE}(\tilde z, y_b)`,
  paper: PAPERS.zhang2018,
  create: ({ params, rng }) => {
    const alpha = param(params, 'alpha');
    return {
      mixBatch: (batch) => {
        const draw = drawMix(rng, alpha, batch.labelValues.length);
        return mixInputs(batch, draw, new Float32Array(batch.labelValues.length).fill(draw.lambda));
      },
      loss: ({ logits, labels, mix }) => (mix ? mixedCrossEntropy(logits, labels, mix) : crossEntropy(logits, labels)),
    };
  },
};
