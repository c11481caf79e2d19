/**
 * Memorisation and influence estimates (Feldman & Zhang, "What neural networks memorize and
 * why", 2020), from t models each trained on a random subset S_k of the training set:
 *
 *   mem(i)     = P[h(x_i) = y_i | i ∈ S] − P[h(x_i) = y_i | i ∉ S]
 *   infl(i, j) = P[h(x_j) = y_j | i ∈ S] − P[h(x_j) = y_j | i ∉ S]   (j a test example)
 *
 * each probability the fraction of the models with (or without) i in their subset that get the
 * example right. Pure: the subset draws, the estimators, influence and the rankings; no tensors.
 */
import { SPLIT_NAMES, type SplitName } from '../data/longtail';
import { Rng } from '../rng';

/** The explorer's settings and their bounds (the link schema reads them from here). */
export const MEMORISATION_LIMITS = {
  /** t, the number of subset models: Feldman & Zhang use thousands; 50–200 already separate Few from Many on our data. */
  models: { min: 2, max: 400, default: 50 },
  /** |S| / n: the paper's 70 %. */
  fraction: { min: 0.1, max: 0.9, default: 0.7 },
} as const;

/** Streams of the run's seed used by the subset draws: far above the run's own purposes (1–6). */
const SUBSET_STREAM = 10_000;

/** One bit per example, example i at bit i % 8 of byte ⌊i / 8⌋. */
export function packBits(flags: ArrayLike<boolean | number>): Uint8Array {
  const bits = new Uint8Array(Math.ceil(flags.length / 8));
  for (let i = 0; i < flags.length; i++) if (flags[i]) bits[i >> 3] = (bits[i >> 3] ?? 0) | (1 << (i & 7));
  return bits;
}

export function bitAt(bits: Uint8Array, i: number): boolean {
  return (((bits[i >> 3] ?? 0) >> (i & 7)) & 1) === 1;
}

export interface SubsetDraw {
  /** Indices of the training examples in S_k, ascending. */
  indices: Int32Array;
  /** The same as a bitset over the n training examples. */
  inSubset: Uint8Array;
  /** Seed of model k's initial weights and batch order: each model starts from its own weights, as in the paper. */
  modelSeed: number;
}

/**
 * S_k: ⌊fraction · n⌉ training examples drawn without replacement (partial Fisher–Yates) from
 * the run's seed and the model's index alone, so model k's subset does not depend on t: raising
 * t later reuses the models already trained.
 */
export function drawSubset(seed: number, k: number, n: number, fraction: number): SubsetDraw {
  const rng = new Rng(seed, SUBSET_STREAM + k);
  const size = Math.max(1, Math.min(n, Math.round(fraction * n)));
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + rng.int(n - i);
    const swap = order[i] ?? i;
    order[i] = order[j] ?? j;
    order[j] = swap;
  }
  const indices = order.slice(0, size).sort();
  const flags = new Uint8Array(n);
  for (const i of indices) flags[i] = 1;
  return { indices, inSubset: packBits(flags), modelSeed: rng.nextUint32() & 0x7fffffff };
}

/** What one finished subset model leaves: which examples were in its subset, which it gets right. */
export interface SubsetModelResult {
  /** The model's index k (its subset and seed follow from it). */
  k: number;
  inSubset: Uint8Array;
  /** Over the whole training set, in the dataset's order. */
  trainCorrect: Uint8Array;
  testCorrect: Uint8Array;
  /** Wall time it took to train and score, ms (for the time-left estimate). */
  ms: number;
}

export interface MemorisationEstimate {
  mem: Float64Array;
  /** Standard error of mem(i): √(p₁(1−p₁)/n₁ + p₀(1−p₀)/n₀) from the two counts; NaN where a side is empty. */
  se: Float64Array;
  /** P[h(x_i) = y_i | i ∈ S] and P[… | i ∉ S]. */
  pIn: Float64Array;
  pOut: Float64Array;
  /** Models with / without i in their subset. */
  nIn: Int32Array;
  nOut: Int32Array;
}

/** mem(i) for every training example; NaN where no model left i out (or none had it). */
export function estimateMemorisation(models: readonly SubsetModelResult[], nTrain: number): MemorisationEstimate {
  const nIn = new Int32Array(nTrain);
  const nOut = new Int32Array(nTrain);
  const hitsIn = new Int32Array(nTrain);
  const hitsOut = new Int32Array(nTrain);
  for (const m of models) {
    for (let i = 0; i < nTrain; i++) {
      const right = bitAt(m.trainCorrect, i) ? 1 : 0;
      if (bitAt(m.inSubset, i)) {
        nIn[i]! += 1;
        hitsIn[i]! += right;
      } else {
        nOut[i]! += 1;
        hitsOut[i]! += right;
      }
    }
  }
  const pIn = Float64Array.from(nIn, (c, i) => (c > 0 ? hitsIn[i]! / c : NaN));
  const pOut = Float64Array.from(nOut, (c, i) => (c > 0 ? hitsOut[i]! / c : NaN));
  const mem = Float64Array.from(pIn, (p, i) => p - pOut[i]!);
  const se = Float64Array.from(pIn, (p, i) => Math.sqrt((p * (1 - p)) / nIn[i]! + (pOut[i]! * (1 - pOut[i]!)) / nOut[i]!));
  return { mem, se, pIn, pOut, nIn, nOut };
}

/** infl(i, j) for one training example i and every test example j (NaN everywhere if a side is empty). */
export function influenceOf(models: readonly SubsetModelResult[], i: number, nTest: number): Float64Array {
  const hitsIn = new Float64Array(nTest);
  const hitsOut = new Float64Array(nTest);
  let nIn = 0;
  let nOut = 0;
  for (const m of models) {
    const inside = bitAt(m.inSubset, i);
    if (inside) nIn++;
    else nOut++;
    const hits = inside ? hitsIn : hitsOut;
    for (let j = 0; j < nTest; j++) if (bitAt(m.testCorrect, j)) hits[j]! += 1;
  }
  return Float64Array.from(hitsIn, (h, j) => h / nIn - hitsOut[j]! / nOut);
}

/** The k indices with the highest finite values, highest first (ties: lower index first). */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(i);
  return finite.sort((a, b) => values[b]! - values[a]! || a - b).slice(0, Math.max(0, k));
}

export interface InfluencePair {
  test: number;
  influence: number;
}

/** The test examples training example i influences most (positive influence only), strongest first. */
export function mostInfluenced(models: readonly SubsetModelResult[], i: number, nTest: number, k: number): InfluencePair[] {
  const infl = influenceOf(models, i, nTest);
  return topIndices(infl, k)
    .filter((j) => infl[j]! > 0)
    .map((j) => ({ test: j, influence: infl[j]! }));
}

export interface ClassMemorisation {
  /** Mean mem over the class's training examples with an estimate; NaN if none. */
  mean: number;
  /** Standard error of that mean over the examples (between-example spread). */
  se: number;
  /** Examples with an estimate. */
  count: number;
}

/** Mean memorisation per class (labels: each training example's class). */
export function memorisationByClass(mem: ArrayLike<number>, labels: ArrayLike<number>, classes: number): ClassMemorisation[] {
  const groups = Array.from({ length: classes }, () => [] as number[]);
  for (let i = 0; i < mem.length; i++) if (Number.isFinite(mem[i])) groups[labels[i]!]?.push(mem[i]!);
  return groups.map((g) => {
    if (g.length === 0) return { mean: NaN, se: NaN, count: 0 };
    const mean = g.reduce((a, b) => a + b, 0) / g.length;
    const variance = g.length > 1 ? g.reduce((a, b) => a + (b - mean) ** 2, 0) / (g.length - 1) : NaN;
    return { mean, se: Math.sqrt(variance / g.length), count: g.length };
  });
}

/** Mean memorisation of the training examples of each split (Many / Medium / Few), example-weighted. */
export function memorisationBySplit(mem: ArrayLike<number>, labels: ArrayLike<number>, splits: readonly SplitName[]): Record<SplitName, number> {
  const sum = { many: 0, medium: 0, few: 0 };
  const count = { many: 0, medium: 0, few: 0 };
  for (let i = 0; i < mem.length; i++) {
    const split = splits[labels[i]!];
    if (!split || !Number.isFinite(mem[i])) continue;
    sum[split] += mem[i]!;
    count[split] += 1;
  }
  return Object.fromEntries(SPLIT_NAMES.map((s) => [s, count[s] > 0 ? sum[s] / count[s] : NaN])) as Record<SplitName, number>;
}

/** Shares of the training set the removal experiment drops (each: top-memorised, and as many at random). */
export const REMOVAL_FRACTIONS = [0.02, 0.05, 0.1] as const;

/** Stream of the random removals (apart from the subset draws). */
const REMOVAL_STREAM = 9_000;

/**
 * The removal experiment's training sets: for each count, the `count` most memorised examples
 * and as many drawn at random (seeded, one draw per count), as index lists to leave out.
 */
export function removalSets(mem: ArrayLike<number>, seed: number, counts: readonly number[]): { count: number; top: Int32Array; random: Int32Array }[] {
  const n = mem.length;
  const ranked = topIndices(mem, n);
  return counts.map((count, c) => {
    const rng = new Rng(seed, REMOVAL_STREAM + c);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + rng.int(n - i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return { count, top: Int32Array.from(ranked.slice(0, count)).sort(), random: order.slice(0, count).sort() };
  });
}

/** How many examples each removal fraction drops from n (at least one, distinct). */
export function removalCounts(n: number, fractions: readonly number[] = REMOVAL_FRACTIONS): number[] {
  return [...new Set(fractions.map((f) => Math.max(1, Math.round(f * n))))].filter((c) => c < n);
}

/** Fraction of set bits among the first n (a model's accuracy from its correctness bitset). */
export function accuracyOfBits(bits: Uint8Array, n: number): number {
  let hits = 0;
  for (let i = 0; i < n; i++) if (bitAt(bits, i)) hits++;
  return n > 0 ? hits / n : NaN;
}

/** Balanced accuracy (mean per-class accuracy) from a correctness bitset and the labels. */
export function balancedAccuracyOfBits(bits: Uint8Array, labels: ArrayLike<number>, classes: number): number {
  const hits = new Float64Array(classes);
  const total = new Float64Array(classes);
  for (let i = 0; i < labels.length; i++) {
    total[labels[i]!]! += 1;
    if (bitAt(bits, i)) hits[labels[i]!]! += 1;
  }
  const per = [...total.keys()].filter((c) => total[c]! > 0).map((c) => hits[c]! / total[c]!);
  return per.length ? per.reduce((a, b) => a + b, 0) / per.length : NaN;
}
