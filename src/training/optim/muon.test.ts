import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test/setup';
import { hiddenMatrices, muonDirection, newtonSchulzStep, orthogonalise } from './muon';
import { createOptimizer } from './optimizers';

beforeAll(useCpuBackend);

const read = (t: tf.Tensor) => Array.from(t.dataSync());

describe('Newton–Schulz (muon.py zeropower_via_newtonschulz5)', () => {
  it('one step on a 2 × 3 matrix, by hand', () => {
    // G = [[1, 1, 0], [0, 1, 1]], ‖G‖_F = 2, so X = G / 2 = [[.5, .5, 0], [0, .5, .5]].
    // A = XXᵀ = [[.5, .25], [.25, .5]]; A² = [[.3125, .25], [.25, .3125]].
    // B = bA + cA² with b = −4.775, c = 2.0315: diagonal −2.3875 + 0.63484375 = −1.75265625,
    //   off-diagonal −1.19375 + 0.507875 = −0.685875.
    // BX, row 1: −1.75265625·[.5, .5, 0] − 0.685875·[0, .5, .5] = [−0.876328125, −1.219265625, −0.3429375].
    // aX, row 1: 3.4445·[.5, .5, 0] = [1.72225, 1.72225, 0]. X₁ row 1 = [0.845921875, 0.502984375, −0.3429375];
    // row 2 is row 1 reversed (G is symmetric under swapping rows and reversing columns).
    const x = tf.tensor2d([[0.5, 0.5, 0], [0, 0.5, 0.5]]);
    const step = newtonSchulzStep(x);
    const expected = [0.845921875, 0.502984375, -0.3429375, -0.3429375, 0.502984375, 0.845921875];
    read(step).forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? NaN, 6));
    // orthogonalise with one step divides by ‖G‖_F + 1e-7 first: the same up to 1e-7.
    read(orthogonalise(tf.tensor2d([[1, 1, 0], [0, 1, 1]]), 1)).forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? NaN, 5));
  });

  it('five steps bring every singular value near 1 (into the band muon.py documents), whatever the scale', () => {
    const g = tf.tensor2d([[3, 0.1, -2, 0.5], [0.2, 0.01, 0.3, -0.1], [1, 1, 1, 1]]);
    const o = orthogonalise(g);
    // The singular values are the square roots of the eigenvalues of OOᵀ (3 × 3): check its trace
    // and that OOᵀ is close to the identity in the band [0.5, 1.5]² per direction.
    const gram = read(tf.matMul(o, o, false, true));
    for (let i = 0; i < 3; i++) {
      expect(gram[i * 3 + i]).toBeGreaterThan(0.5 ** 2);
      expect(gram[i * 3 + i]).toBeLessThan(1.5 ** 2);
    }
    // Scale-free: 1000·G gives the same direction.
    const scaled = read(orthogonalise(tf.mul(g, 1000) as tf.Tensor2D));
    read(o).forEach((v, i) => expect(scaled[i]).toBeCloseTo(v, 4));
  });

  it('a tall matrix is worked on transposed and gives the transpose of the wide one', () => {
    const g = tf.tensor2d([[1, 2], [3, -1], [0.5, 0.5]]);
    const tall = read(orthogonalise(g));
    const wide = read(tf.transpose(orthogonalise(tf.transpose(g) as tf.Tensor2D)));
    tall.forEach((v, i) => expect(v).toBeCloseTo(wide[i] ?? NaN, 6));
  });

  it('scales by √max(1, out / fan_in) and flattens conv kernels to fan_in × out', () => {
    // A [fan_in = 1, out = 4] kernel (PyTorch 4 × 1, rows > cols): rank one, so NS gives its
    // direction times f(1) for the NS polynomial; the scale √4 = 2 applies.
    const u = tf.tensor2d([[1, 0, 0, 0]]);
    const d = read(muonDirection(u));
    const sigma = read(orthogonalise(u))[0] ?? NaN;
    expect(d[0]).toBeCloseTo(2 * sigma, 6);
    // A conv kernel [3, 3, 2, 4] (fan_in 18 ≥ out 4): no scale, same as its 18 × 4 flattening.
    const k = tf.tensor4d(Array.from({ length: 72 }, (_, i) => Math.sin(i + 1)), [3, 3, 2, 4]);
    const flat = read(orthogonalise(tf.reshape(k, [18, 4])));
    read(muonDirection(k)).forEach((v, i) => expect(v).toBeCloseTo(flat[i] ?? NaN, 6));
  });
});

describe('Muon with auxiliary AdamW (muon.py MuonWithAuxAdam)', () => {
  it('hidden matrix: first step is W − lr·NS₅(G); others: AdamW, first step −lr·sign(g), decoupled decay', () => {
    const w = tf.variable(tf.tensor2d([[0.5, -0.2, 0.1], [0.3, 0.4, -0.6]]));
    const b = tf.variable(tf.tensor1d([1, -1]));
    const g = tf.tensor2d([[1, 1, 0], [0, 1, 1]]);
    const bias = tf.tensor1d([0.5, -2]);
    const before = read(w);
    const optimizer = createOptimizer({ kind: 'muon', learningRate: 0.01, momentum: 0, muonLearningRate: 0.02, weightDecay: 0.1 }, [w]);
    // Loss Σ G∘W + Σ bias∘b: the gradients are G and `bias` exactly.
    optimizer.minimize(() => tf.add(tf.sum(tf.mul(g, w)), tf.sum(tf.mul(bias, b))) as tf.Scalar, false, [w, b]);
    // Momentum from zero: m = (1 − β)G, u = (1 − β)G + βm = (1 − β²)G; the normalisation removes the factor.
    const ns = read(orthogonalise(g));
    // W is 2 × 3 here as [fan_in, out]: out / fan_in = 1.5 → scale √1.5.
    read(w).forEach((v, i) => expect(v).toBeCloseTo((before[i] ?? 0) * (1 - 0.02 * 0.1) - 0.02 * Math.sqrt(1.5) * (ns[i] ?? 0), 5));
    const [b0, b1] = read(b);
    expect(b0).toBeCloseTo(1 * (1 - 0.01 * 0.1) - 0.01, 6);
    expect(b1).toBeCloseTo(-1 * (1 - 0.01 * 0.1) + 0.01, 6);
    optimizer.dispose();
    [w, b, g, bias].forEach((t) => t.dispose());
  });

  it('Nesterov momentum: the second step orthogonalises (1 − β)g₂ + β·m₂', () => {
    const w = tf.variable(tf.tensor2d([[0, 0], [0, 0]]));
    const g1 = tf.tensor2d([[1, 0], [0, 0.5]]);
    const g2 = tf.tensor2d([[0, 1], [0.2, 0]]);
    const optimizer = createOptimizer({ kind: 'muon', learningRate: 0.01, momentum: 0, muonLearningRate: 0.1 }, [w]);
    optimizer.minimize(() => tf.sum(tf.mul(g1, w)) as tf.Scalar, false, [w]);
    const afterOne = read(w);
    optimizer.minimize(() => tf.sum(tf.mul(g2, w)) as tf.Scalar, false, [w]);
    const beta = 0.95;
    const m2 = tf.add(tf.mul(g1, (1 - beta) * beta), tf.mul(g2, 1 - beta));
    const u2 = tf.add(tf.mul(g2, 1 - beta), tf.mul(m2, beta)) as tf.Tensor2D;
    const step2 = read(orthogonalise(u2));
    read(w).forEach((v, i) => expect(v).toBeCloseTo((afterOne[i] ?? 0) - 0.1 * (step2[i] ?? 0), 5));
    optimizer.dispose();
    [w, g1, g2, m2, u2].forEach((t) => t.dispose());
  });

  it('leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    const w = tf.tidy(() => tf.variable(tf.tensor2d([[1, -2], [0.5, 1]])));
    const b = tf.tidy(() => tf.variable(tf.tensor1d([1, -2])));
    const optimizer = createOptimizer({ kind: 'muon', learningRate: 0.1, momentum: 0, weightDecay: 0.01 }, [w]);
    for (let i = 0; i < 3; i++) optimizer.minimize(() => tf.add(tf.sum(tf.square(w)), tf.sum(tf.square(b))) as tf.Scalar, true, [w, b])?.dispose();
    optimizer.dispose();
    w.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains the backbone matrices but the first (the reference README: first layer, head, biases by AdamW)', () => {
    const vars = tf.tidy(() => [tf.variable(tf.zeros([2, 4])), tf.variable(tf.zeros([4])), tf.variable(tf.zeros([4, 4])), tf.variable(tf.zeros([4]))]);
    expect(hiddenMatrices(vars)).toEqual([vars[2]]);
    expect(hiddenMatrices(vars.slice(2), true)).toEqual([vars[2]]);
    vars.forEach((v) => v.dispose());
  });
});
