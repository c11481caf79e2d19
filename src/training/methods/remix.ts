import { remixWeightA } from './classStats';
import { crossEntropy, mixedCrossEntropy } from './losses';
import { drawMix, MIX_ALPHA, mixInputs } from './mixing';
import { PAPERS } from './papers';
import { param, type MethodDefinition } from './types';

export const remixMethod: MethodDefinition = {
  id: 'remix',
  label: 'Remix',
  family: 'augmentation',
  params: [
    MIX_ALPHA,
    {
      key: 'kappa',
      label: 'κ',
      default: 3,
      min: 1,
      max: 20,
      step: 0.5,
      help: 'How many times larger one class must be than the other before the label goes wholly to the minority example.',
    },
    {
      key: 'tau',
      label: 'τ',
      default: 0.5,
      min: 0,
      max: 1,
      step: 0.05,
      help: 'The label goes to the minority example when the majority example’s share of the mix is below τ.',
    },
  ],
  summary: 'mixup whose mixed label goes wholly to the minority class when the classes are very unequal.',
  explanation:
    'Remix mixes inputs exactly like mixup, but changes who gets the label. When one example ' +
    'comes from a class at least κ times larger than the other’s, and the majority example makes ' +
    'up less than τ of the mix, the whole label is given to the minority example. Mixes of a head ' +
    'and a tail example then teach the tail class to claim the space between them, pushing the ' +
    'decision boundary toward the head class, while mixes of similar-sized classes keep mixup’s ' +
    'soft labels.',
  formula: String.raw`\tilde x = \lambda x_a + (1 - \lambda) x_b,\quad \lambda_y = \begin{cases} 0 & \frac{n_{y_a}}{n_{y_b}} \ge \kappa,\ \lambda < \tau \\ 1 & \frac{n_{y_b}}{n_{y_a}} \ge \kappa,\ 1 - \lambda < \tau \\ \lambda & \text{otherwise} \end{cases},\quad \mathcal{L} = \lambda_y\,\mathrm{CE}(\tilde z, y_a) + (1 - \lambda_y)\,\mathrm{CE}(\tilde z, y_b)`,
  paper: PAPERS.chou2020,
  create: ({ classCounts, params, rng }) => {
    const alpha = param(params, 'alpha');
    const kappa = param(params, 'kappa');
    const tau = param(params, 'tau');
    const count = (label: number) => classCounts[label] ?? 1;
    return {
      mixBatch: (batch) => {
        const y = batch.labelValues;
        const draw = drawMix(rng, alpha, y.length);
        const weightA = Float32Array.from(y, (ya, i) => remixWeightA(count(ya), count(y[draw.partner[i] ?? i] ?? ya), draw.lambda, kappa, tau));
        return mixInputs(batch, draw, weightA);
      },
      loss: ({ logits, labels, mix }) => (mix ? mixedCrossEntropy(logits, labels, mix) : crossEntropy(logits, labels)),
    };
  },
};
