import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { useCpuBackend } from '../test/setup';
import { meanLogits, stopGradient, weightedLogits } from './aggregation';
import { confidentMask, consistencyDistillation, mdcsLoss, mdcsShifts } from './mdcs';
import { rideDiversity, rideLoss, rideTemperatures } from './ride';
import { backwardPrior, sadeLoss, sadeShifts } from './sade';
import { aggregationConsistencyLoss } from './sadeAggregation';
import { augmentView, shiftIndices } from './views';

beforeAll(useCpuBackend);

const LN3 = Math.log(3);
const read = (t: tf.Tensor) => Array.from(t.dataSync());
const value = (t: tf.Tensor) => t.dataSync()[0] ?? NaN;
const close = (actual: readonly number[], expected: readonly number[], digits = 5) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i] ?? NaN, digits));
};
const y = (labels: number[]) => tf.tensor1d(labels, 'int32');

describe('aggregation', () => {
  it('mean and weighted sums of expert logits', () => {
    const z1 = tf.tensor2d([[1, 0]]);
    const z2 = tf.tensor2d([[0, 1]]);
    close(read(meanLogits([z1, z2])), [0.5, 0.5]);
    close(read(weightedLogits([z1, z2], tf.tensor1d([0.25, 0.75]))), [0.25, 0.75]);
  });

  it('stopGradient passes values and no gradient', () => {
    const x = tf.tensor1d([2, 3]);
    close(read(stopGradient(x)), [2, 3]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.add(tf.square(t), tf.square(stopGradient(t)))))(x);
    close(read(g), [4, 6]); // only the first square's 2t
  });
});

describe('RIDE', () => {
  // z₁ = (ln 3, 0), z₂ = (0, ln 3): mean (½ ln 3, ½ ln 3), p̄ = (½, ½); p₁ = (¾, ¼).
  const z1 = tf.tensor2d([[LN3, 0]]);
  const z2 = tf.tensor2d([[0, LN3]]);
  it('diversity T²·KL(p̄ ‖ p_k) by hand, at T = 1 and T = 2', () => {
    // T = 1: ½ ln(½ / ¾) + ½ ln(½ / ¼) = 0.143841 for each expert (by symmetry).
    close(read(rideDiversity([z1, z2], 1)), [0.143841, 0.143841]);
    // T = 2: p₁ = softmax(½ ln 3, 0) = (0.633975, 0.366025); KL = ½ ln(½ / 0.633975) + ½ ln(½ / 0.366025)
    // = 0.037252; × T² = 0.149009.
    close(read(rideDiversity([z1, z2], 2)), [0.149009, 0.149009]);
    close(read(rideDiversity([z1, z1], 1)), [0, 0]); // identical experts: nothing to reward
  });

  it('after DRW, per-class temperatures T_j (T̄² in front), as the authors’ RIDELoss', () => {
    // T = (1, 2): p̄ = softmax(½ ln 3 / 1, ½ ln 3 / 2), p₁ = softmax(ln 3, 0), p₂ = softmax(0, ½ ln 3);
    // KL(p̄ ‖ p_k) × T̄² (T̄ = 1.5) = 0.175992 and 0.189169 (by hand, in double precision).
    close(read(rideDiversity([z1, z2], [1, 2])), [0.175992, 0.189169]);
    // w_j ∝ C·π_j·0.05 + 0.95, max 1: counts (6, 3, 1) → (1, 0.956731, 0.927885), times T.
    close(rideTemperatures([6, 3, 1], 1), [1, 0.956731, 0.927885]);
    close(rideTemperatures([6, 3, 1], 2), [2, 1.913462, 1.855769]);
  });

  it('the diversity term has a negative sign: it lowers the loss and pushes experts away from the ensemble', () => {
    // No margins, s = 1, unit weights: LDAM = CE. CE(z₁, 0) = 0.287682, CE(z₂, 0) = 1.386294.
    const ldam = { margins: [0, 0], scale: 1, classWeights: [1, 1] };
    close([value(rideLoss([z1, z2], y([0]), ldam, 0, 1))], [1.673976]);
    close([value(rideLoss([z1, z2], y([0]), ldam, 0.2, 1))], [1.673976 - 0.2 * 2 * 0.143841]);
    // Gradient of −λ·KL(p̄ ‖ p₁) with p̄ held constant: −λ(p₁ − p̄) = −0.2·(¼, −¼) = (−0.05, 0.05);
    // descending it raises z₁'s favourite further, away from the ensemble.
    const g = tf.grad((a: tf.Tensor) => tf.neg(tf.mul(tf.sum(rideDiversity([a as tf.Tensor2D, z2], 1)), 0.2)))(z1);
    close(read(g), [-0.05, 0.05]);
  });
});

describe('SADE', () => {
  it('backward prior: π reversed', () => {
    close(backwardPrior([6, 3, 1]), [0.1, 0.3, 0.6]);
    // Classes in any order (own data): the rarest class gets the largest share, as the authors' rank-based inverse_prior.
    close(backwardPrior([3, 6, 1]), [0.3, 0.1, 0.6]);
    close(backwardPrior([1, 6, 3, 3]), [6 / 13, 1 / 13, 3 / 13, 3 / 13]);
  });

  it('the three experts’ shifts: none, log π, log π − λ log π̄ (λ = 2)', () => {
    const [e1, e2, e3] = sadeShifts([6, 3, 1], 2);
    close(e1 ?? [], [0, 0, 0]);
    close(e2 ?? [], [Math.log(0.6), Math.log(0.3), Math.log(0.1)]);
    // log(0.6 / 0.1²) = 4.094345, log(0.3 / 0.3²) = 1.203973, log(0.1 / 0.6²) = −1.280934.
    close(e3 ?? [], [4.094345, 1.203973, -1.280934]);
  });

  it('loss: Σ_k CE(z_k + shift_k) on hand-computed values', () => {
    // z = 0 for every expert, y = 2 (the rarest class): E1 ln 3 = 1.098612; E2 −ln 0.1 = 2.302585;
    // E3 −log(p₂), p ∝ π / π̄² = (60, 3.333, 0.2778): 5.433722. Sum 8.834919.
    const z = tf.zeros([1, 3]) as tf.Tensor2D;
    close([value(sadeLoss([z, z, z], y([2]), sadeShifts([6, 3, 1], 2)))], [8.834919], 4);
  });

  it('test-time objective: −cos of the aggregated predictions of two views', () => {
    // One expert; view 1 p = (¾, ¼), view 2 p = (¼, ¾): cos = 0.375 / 0.625 = 0.6.
    const w = tf.zeros([1]) as tf.Tensor1D;
    close([value(aggregationConsistencyLoss([tf.tensor2d([[LN3, 0]])], [tf.tensor2d([[0, LN3]])], w))], [-0.6]);
    close([value(aggregationConsistencyLoss([tf.tensor2d([[LN3, 0]])], [tf.tensor2d([[LN3, 0]])], w))], [-1]);
  });
});

describe('MDCS', () => {
  it('shifted priors λ_k·log n: head λ = −0.5 lowers head logits in training, tail λ = 2.5 raises them', () => {
    const [head, medium, tail] = mdcsShifts([100, 10], [-0.5, 1, 2.5]);
    close(head ?? [], [-2.302585, -1.151293]);
    close(medium ?? [], [Math.log(100), Math.log(10)]);
    close(tail ?? [], [11.512925, 5.756463]);
  });

  it('confident instance sampling: only samples the teacher gets right', () => {
    close(read(confidentMask(tf.tensor2d([[2, 1], [0, 3], [1, 2]]), y([0, 0, 1]))), [1, 0, 1]);
  });

  it('consistency distillation: KL(teacher ‖ student) over the confident samples only, teacher held constant', () => {
    // Row 1: teacher (ln 3, 0), y = 0: confident; p_T = (¾, ¼), student (0, 0): KL = ¾ ln 1.5 + ¼ ln ½ = 0.130812.
    // Row 2: teacher (0, ln 3), y = 0: wrong, ignored. Mean over the one confident row.
    const teacher = tf.tensor2d([[LN3, 0], [0, LN3]]);
    const student = tf.tensor2d([[0, 0], [5, -5]]);
    close(read(consistencyDistillation([teacher], [student], y([0, 0]))), [0.130812]);
    // Labels 1: now only row 2 is confident; p_T = (¼, ¾), p_S = softmax(5, −5):
    // ¼ ln(¼ / 0.9999546) + ¾ ln(¾ / 4.5398e−5) = 6.937710.
    close(read(consistencyDistillation([teacher], [student], y([1, 1]))), [6.93771], 4);
    close(read(consistencyDistillation([tf.tensor2d([[0, LN3]])], [tf.slice(student, [0, 0], [1, -1])], y([0]))), [0]); // nobody confident
    const [gT, gS] = tf.grads((t: tf.Tensor, s: tf.Tensor) => tf.sum(consistencyDistillation([t as tf.Tensor2D], [s as tf.Tensor2D], y([0, 0]))))([teacher, student]);
    close(read(gT as tf.Tensor), [0, 0, 0, 0]);
    close(read(gS as tf.Tensor), [-0.25, 0.25, 0, 0]); // p_S − p_T on the confident row
  });

  it('loss: CE on both views per expert, plus the weighted distillation', () => {
    // One expert, no shift; weak row (ln 3, 0), strong row (0, 0), y = 0:
    // CE = (0.287682 + 0.693147) / 2 = 0.490415; distillation 0.130812 × 0.6.
    const z = tf.tensor2d([[LN3, 0], [0, 0]]);
    close([value(mdcsLoss([z], y([0]), [[0, 0]], 0))], [0.490415]);
    close([value(mdcsLoss([z], y([0]), [[0, 0]], 0.6))], [0.490415 + 0.6 * 0.130812]);
  });
});

describe('views', () => {
  it('2-D points get Gaussian jitter from the Rng, reproducibly', () => {
    const x = tf.zeros([4, 2]) as tf.Tensor2D;
    const spec = { jitter: 0.1, shift: 0, noise: 0, cutout: 0 };
    const a = read(augmentView(x, [2], spec, new Rng(7)));
    expect(read(augmentView(x, [2], spec, new Rng(7)))).toEqual(a);
    expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(0);
    expect(Math.max(...a.map(Math.abs))).toBeLessThan(0.5);
  });

  it('images are shifted as a whole, with zeros shifted in', () => {
    const image = Array.from({ length: 9 }, (_, i) => i + 1); // 3×3, one channel
    const idx = shiftIndices(1, [3, 3, 1], { shift: 1, cutout: 0 }, new Rng(3));
    const out = Array.from(idx, (j) => (j < 9 ? (image[j] ?? NaN) : 0));
    const matches = [-1, 0, 1].flatMap((dy) =>
      [-1, 0, 1].filter((dx) =>
        out.every((v, p) => {
          const si = Math.floor(p / 3) - dy;
          const sj = (p % 3) - dx;
          return v === (si >= 0 && si < 3 && sj >= 0 && sj < 3 ? image[si * 3 + sj] : 0);
        }),
      ),
    );
    expect(matches.length).toBeGreaterThanOrEqual(1);
    expect(Array.from(shiftIndices(1, [3, 3, 1], { shift: 0, cutout: 0 }, new Rng(3)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
