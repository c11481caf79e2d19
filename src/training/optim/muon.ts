import * as tf from '@tensorflow/tfjs-core';

/**
 * Muon (KellerJordan/Muon, muon.py: MuonWithAuxAdam): hidden 2-D weights take the orthogonalised
 * Nesterov-momentum update, every other parameter (first layer, head, biases) takes AdamW.
 */

/** Coefficients of the quintic Newton–Schulz iteration (muon.py's zeropower_via_newtonschulz5). */
export const NS_COEFFICIENTS = { a: 3.4445, b: -4.775, c: 2.0315 } as const;
export const NS_STEPS = 5;
/** Muon's momentum β (muon.py's default; the reference README: "usually fine"). */
export const MUON_MOMENTUM = 0.95;
/** The auxiliary AdamW's betas and ε (muon.py's defaults for the non-Muon groups). */
export const AUX_ADAM = { beta1: 0.9, beta2: 0.95, epsilon: 1e-10 } as const;

/** One Newton–Schulz step X ← aX + (bA + cA²)X with A = XXᵀ (call inside tf.tidy). */
export function newtonSchulzStep(x: tf.Tensor2D): tf.Tensor2D {
  const { a, b, c } = NS_COEFFICIENTS;
  const gram = tf.matMul(x, x, false, true);
  const poly = tf.add(tf.mul(gram, b), tf.mul(tf.matMul(gram, gram), c));
  return tf.add(tf.mul(x, a), tf.matMul(poly, x));
}

/**
 * Approximately U Vᵀ of G = U S Vᵀ (singular values pushed into about [0.7, 1.2]): X = G/(‖G‖_F + 1e-7),
 * worked on with rows ≤ columns (the smaller Gram matrix), as muon.py does; float32 here,
 * where muon.py runs in bfloat16 (call inside tf.tidy).
 */
export function orthogonalise(g: tf.Tensor2D, steps = NS_STEPS): tf.Tensor2D {
  const [rows, cols] = g.shape;
  const tall = rows > cols;
  let x = (tall ? tf.transpose(g) : g) as tf.Tensor2D;
  x = tf.div(x, tf.add(tf.norm(x), 1e-7));
  for (let i = 0; i < steps; i++) x = newtonSchulzStep(x);
  return tall ? (tf.transpose(x) as tf.Tensor2D) : x;
}

/**
 * Muon's update of one weight whose gradient (after momentum) is `u`. Kernels are stored
 * [.., fan_in, out] (x·W); PyTorch's weight is out × fan_in (conv: out × in·k·k), so its
 * rows/cols is out / fan_in here, and the scale is √max(1, out / fan_in).
 */
export function muonDirection(u: tf.Tensor): tf.Tensor {
  const out = u.shape[u.rank - 1] ?? 1;
  const fanIn = u.size / out;
  const o = orthogonalise(tf.reshape(u, [fanIn, out]));
  return tf.reshape(tf.mul(o, Math.sqrt(Math.max(1, out / fanIn))), u.shape);
}

export interface MuonSpec {
  /** Muon's learning rate (spectral norm per update; 0.02 by default). */
  muonLearningRate: number;
  /** The auxiliary AdamW's learning rate. */
  adamLearningRate: number;
  /** Decoupled weight decay of both groups: w ← w·(1 − lr·λ), as muon.py. */
  weightDecay: number;
  /** Names of the variables Muon trains; every other one goes to AdamW. */
  hidden: ReadonlySet<string>;
}

type Gradients = Parameters<tf.Optimizer['applyGradients']>[0];

export class MuonOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'Muon';
  }
  private readonly momentum = new Map<string, tf.Variable>();
  private readonly adam = new Map<string, { m: tf.Variable; v: tf.Variable; step: number }>();

  private readonly spec: MuonSpec;

  constructor(spec: MuonSpec) {
    super();
    this.spec = spec;
  }

  override applyGradients(gradients: Gradients): void {
    const list = Array.isArray(gradients) ? gradients : Object.entries(gradients).map(([name, tensor]) => ({ name, tensor }));
    const variables = tf.engine().registeredVariables;
    for (const { name, tensor: g } of list) {
      const w = variables[name];
      if (!w || !g) continue;
      if (this.spec.hidden.has(name) && w.rank >= 2) this.muonStep(name, w, g);
      else this.adamStep(name, w, g);
    }
    this.incrementIterations();
  }

  private muonStep(name: string, w: tf.Variable, g: tf.Tensor): void {
    const beta = MUON_MOMENTUM;
    const { muonLearningRate: lr, weightDecay } = this.spec;
    let m = this.momentum.get(name);
    if (!m) {
      m = tf.tidy(() => tf.variable(tf.zerosLike(w), false));
      this.momentum.set(name, m);
    }
    const buffer = m;
    tf.tidy(() => {
      // muon.py: momentum.lerp_(grad, 1 − β); Nesterov: update = grad.lerp(momentum, β).
      const next = tf.add(tf.mul(buffer, beta), tf.mul(g, 1 - beta));
      buffer.assign(next);
      const u = tf.add(tf.mul(g, 1 - beta), tf.mul(next, beta));
      w.assign(tf.sub(tf.mul(w, 1 - lr * weightDecay), tf.mul(muonDirection(u), lr)));
    });
  }

  private adamStep(name: string, w: tf.Variable, g: tf.Tensor): void {
    const { beta1, beta2, epsilon } = AUX_ADAM;
    const { adamLearningRate: lr, weightDecay } = this.spec;
    let state = this.adam.get(name);
    if (!state) {
      state = tf.tidy(() => ({ m: tf.variable(tf.zerosLike(w), false), v: tf.variable(tf.zerosLike(w), false), step: 0 }));
      this.adam.set(name, state);
    }
    const s = state;
    s.step++;
    tf.tidy(() => {
      const m = tf.add(tf.mul(s.m, beta1), tf.mul(g, 1 - beta1));
      const v = tf.add(tf.mul(s.v, beta2), tf.mul(tf.square(g), 1 - beta2));
      s.m.assign(m);
      s.v.assign(v);
      const mHat = tf.div(m, 1 - beta1 ** s.step);
      const vHat = tf.div(v, 1 - beta2 ** s.step);
      const update = tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon));
      w.assign(tf.sub(tf.mul(w, 1 - lr * weightDecay), tf.mul(update, lr)));
    });
  }

  override dispose(): void {
    super.dispose();
    this.momentum.forEach((m) => m.dispose());
    this.adam.forEach((s) => {
      s.m.dispose();
      s.v.dispose();
    });
    this.momentum.clear();
    this.adam.clear();
  }

  override async getWeights(): Promise<Awaited<ReturnType<tf.Optimizer['getWeights']>>> {
    return [];
  }

  override async setWeights(): Promise<void> {
    // Muon's state is not saved with a model: runs restart from their seed.
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { muonLearningRate: this.spec.muonLearningRate, adamLearningRate: this.spec.adamLearningRate, weightDecay: this.spec.weightDecay };
  }
}

/**
 * The weights Muon trains (muon.py's README): hidden matrices of the backbone — every kernel of
 * rank ≥ 2 but the first (the "embedding": the first layer or first convolution). Head, biases
 * and the first layer go to AdamW. `firstIsHidden`: a model whose only matrix is a hidden one
 * (the associative memory's W, which the paper trains with Muon).
 */
export function hiddenMatrices(backbone: readonly tf.Variable[], firstIsHidden = false): tf.Variable[] {
  const matrices = backbone.filter((v) => v.rank >= 2);
  return firstIsHidden ? matrices : matrices.slice(1);
}
