import { ldamDrwSchedule } from './classStats';
import { DRW_START } from './expertParams';
import { ldamLoss } from './losses';
import { PAPERS } from './papers';
import { param, type MethodDefinition } from './types';

/** The authors' cosine scale s = 30 (margins and β: classStats.ldamDrwSchedule). */
const SCALE = 30;

export const ldamDrwMethod: MethodDefinition = {
  id: 'ldam-drw',
  label: 'LDAM-DRW',
  family: 're-balancing',
  params: [DRW_START],
  summary: 'Larger margins for rarer classes on a cosine classifier, then class-balanced re-weighting late in training.',
  explanation:
    'A tail class has few examples, so the model can separate them with a boundary that hugs ' +
    'them tightly, and unseen tail examples then fall on the wrong side. LDAM demands a margin: ' +
    'the true class must win by m_j, and rarer classes get larger margins (m_j ∝ n_j^{-1/4}, the ' +
    'rarest 0.5), pushing boundaries away from the tail. The classifier is a cosine one, so no ' +
    'class can win through a larger weight norm. Deferred re-weighting (DRW) trains with plain ' +
    'weights first, so the features are learned from all the data, and only for the last part of ' +
    'training weights the classes by their effective number, to move the boundaries toward the head.',
  formula: String.raw`\mathcal{L} = -w_y \log \frac{e^{s(\cos\theta_y - m_y)}}{e^{s(\cos\theta_y - m_y)} + \sum_{j \ne y} e^{s\cos\theta_j}},\quad m_j = \frac{K}{n_j^{1/4}},\ \max_j m_j = 0.5,\ s = 30,\quad w = \begin{cases}1 & t < t_{\mathrm{DRW}}\\ \frac{1-\beta}{1-\beta^{n_j}} & t \ge t_{\mathrm{DRW}}\end{cases}`,
  paper: PAPERS.cao2019,
  create: ({ classCounts, params }) => {
    const { margins, classWeights } = ldamDrwSchedule(classCounts, param(params, 'drwStart'));
    return {
      head: { kind: 'cosine', scale: SCALE },
      loss: ({ logits, labels, progress }) => ldamLoss(logits, labels, margins, SCALE, classWeights(progress)),
    };
  },
};
