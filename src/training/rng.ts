/**
 * Seeded pseudo-random numbers. Every random draw of a run (data, initial weights, shuffling,
 * augmentation) comes from an Rng derived from the run's seed, so a run is reproducible.
 *
 * The generator is sfc32 (Small Fast Counter, 128-bit state): fast in JavaScript, passes
 * PractRand, and its state is four 32-bit integers that are easy to seed and fork.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  constructor(seed: number, stream = 0) {
    // splitmix32 spreads a small seed (0, 1, 2 …) over the whole state.
    let s = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** An independent stream for one purpose, so that e.g. changing the model does not change the data. */
  static forPurpose(seed: number, purpose: RngPurpose): Rng {
    return new Rng(seed, PURPOSE_STREAM[purpose]);
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** `count` values uniform in (−bound, bound), in draw order: the weights' initial values (He-uniform, PyTorch's, tokens). */
  uniformValues(count: number, bound: number): Float32Array {
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = (2 * this.next() - 1) * bound;
    return values;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller, the second value kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /**
   * Gamma(shape, 1) by Marsaglia and Tsang's squeeze method (2000) for shape ≥ 1; for shape < 1,
   * Gamma(shape + 1)·U^(1/shape), their boost, because the squeeze needs shape ≥ 1.
   */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new Error(`gamma shape must be positive, got ${shape}`);
    if (shape < 1) {
      // 1 − next() lies in (0, 1], so the power is never 0^(1/shape) = 0 for both Beta parts.
      return this.gamma(shape + 1) * Math.pow(1 - this.next(), 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v0 = 1 + c * x;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = this.next();
      if (u < 1 - 0.0331 * x ** 4) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b): mixup's λ ~ Beta(α, α). */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x + y > 0 ? x / (x + y) : 0.5;
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { [i: number]: unknown; length: number }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** Index drawn with probability proportional to weights[i] (weights need not sum to 1). */
  categorical(cumulative: Float64Array): number {
    const total = cumulative[cumulative.length - 1] ?? 0;
    const u = this.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

export type RngPurpose = 'trainData' | 'testData' | 'init' | 'shuffle' | 'augment' | 'aggregate' | 'unlabelledData' | 'pretrain' | 'teacher';

const PURPOSE_STREAM: Record<RngPurpose, number> = {
  trainData: 1,
  testData: 2,
  init: 3,
  shuffle: 4,
  augment: 5,
  /** SADE's test-time aggregation: its shuffles and views, so that it never shifts training's draws. */
  aggregate: 6,
  /** The unlabelled pool of a pseudo-labelled run (which points or unused images). */
  unlabelledData: 7,
  /** Rotation pre-training: its batch order and rotations, apart from the run's own draws. */
  pretrain: 8,
  /** A distilling method's teacher (DeiT-LT's CNN): its initial weights, so the model's own draws stay as without it. */
  teacher: 9,
};
