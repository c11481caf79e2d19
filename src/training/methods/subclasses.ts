import type { Rng } from '../rng';

/**
 * SBCL's subclasses (Hou et al., ICCV 2023; authors' SimCLR/main.py `cluster` and
 * SimCLR/kmeans_gpu.py): each class is split by cosine k-means on its current embeddings into
 * K_c = max(1, ⌊n_c / max(n_min, 10)⌋) subclasses, so that head classes break into groups about
 * the size of the tail classes. Plain JavaScript on the CPU (a few thousand rows, dimension 32):
 * the PyTorch export ports it draw for draw (train.py `cosine_kmeans`).
 */

/** The authors' `--cluster` default: the smallest subclass size that K_c aims for. */
export const MIN_SUBCLASS_SIZE = 10;
/** kmeans_gpu.kmeans as the authors call it: stop when (Σ_k ‖c_k − c_k′‖)² < tol, or after this many passes. */
export const KMEANS_TOL = 1e-3;
export const KMEANS_ITERATIONS = 35;

/** K_c for every class: ⌊n_c / max(n_min, 10)⌋, at least 1. */
export function subclassesPerClass(counts: readonly number[]): number[] {
  const floor = Math.max(Math.min(...counts), MIN_SUBCLASS_SIZE);
  return counts.map((n) => Math.max(1, Math.floor(n / floor)));
}

/** Cosine similarity of row a of x with row b of y (0 when either is the zero vector). */
function cosine(x: ArrayLike<number>, a: number, y: ArrayLike<number>, b: number, d: number): number {
  let dot = 0;
  let nx = 0;
  let ny = 0;
  for (let j = 0; j < d; j++) {
    const u = x[a * d + j] ?? 0;
    const v = y[b * d + j] ?? 0;
    dot += u * v;
    nx += u * u;
    ny += v * v;
  }
  const norm = Math.sqrt(nx) * Math.sqrt(ny);
  return norm > 0 ? dot / norm : 0;
}

/**
 * Cosine k-means of the n rows of x (dimension d) into k clusters, as the authors' kmeans_gpu:
 * start from k distinct rows (a partial Fisher–Yates shuffle drawn from `rng`, where they use
 * np.random.choice); assign each row to the centre of smallest 1 − cos (the first on ties); move
 * each centre to the mean of its rows (an empty cluster takes a random row); stop when the
 * centres' total shift squared falls below KMEANS_TOL or after KMEANS_ITERATIONS passes. Returns
 * the cluster of each row, from the last assignment.
 */
export function cosineKMeans(x: ArrayLike<number>, n: number, d: number, k: number, rng: Rng): Int32Array {
  const assignment = new Int32Array(n);
  if (k <= 1 || n === 0) return assignment;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const t = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = t;
  }
  let centres = new Float64Array(k * d);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) centres[c * d + j] = x[(order[c] ?? 0) * d + j] ?? 0;
  for (let iteration = 1; ; iteration++) {
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestDistance = Infinity;
      for (let c = 0; c < k; c++) {
        const distance = 1 - cosine(x, i, centres, c, d);
        if (distance < bestDistance) {
          bestDistance = distance;
          best = c;
        }
      }
      assignment[i] = best;
    }
    const next = new Float64Array(k * d);
    const sizes = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const c = assignment[i] ?? 0;
      sizes[c] = (sizes[c] ?? 0) + 1;
      for (let j = 0; j < d; j++) next[c * d + j] = (next[c * d + j] ?? 0) + (x[i * d + j] ?? 0);
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      const size = sizes[c] ?? 0;
      const row = size > 0 ? -1 : rng.int(n);
      let moved = 0;
      for (let j = 0; j < d; j++) {
        const value = size > 0 ? (next[c * d + j] ?? 0) / size : (x[row * d + j] ?? 0);
        next[c * d + j] = value;
        moved += (value - (centres[c * d + j] ?? 0)) ** 2;
      }
      shift += Math.sqrt(moved);
    }
    centres = next;
    if (shift ** 2 < KMEANS_TOL || iteration >= KMEANS_ITERATIONS) return assignment;
  }
}

/** numpy's percentile (linear interpolation between the order statistics), p in [0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return (sorted[lo] ?? NaN) + ((sorted[hi] ?? NaN) - (sorted[lo] ?? NaN)) * (position - lo);
}

/** torch.nn.functional.pairwise_distance's ε: ‖a − b + ε‖. */
const PAIRWISE_EPSILON = 1e-6;

/**
 * The class-adaptive temperatures of SBCL's class term (authors' `cluster`, train_rule 'Rank'):
 * each class's spread, the mean distance of its embeddings to their centre over log(n_c + 10),
 * clipped to the 20th–80th percentile over classes and scaled to mean τ; τ itself for a class of
 * one subclass. `rowsByClass` lists each class's rows of the embedding x (dimension d).
 */
export function classTemperatures(x: ArrayLike<number>, d: number, rowsByClass: readonly Int32Array[], perClass: readonly number[], temperature: number): number[] {
  const spread = rowsByClass.map((rows) => {
    const centre = new Float64Array(d);
    for (const r of rows) for (let j = 0; j < d; j++) centre[j] = (centre[j] ?? 0) + (x[r * d + j] ?? 0);
    for (let j = 0; j < d; j++) centre[j] = (centre[j] ?? 0) / Math.max(1, rows.length);
    let total = 0;
    for (const r of rows) {
      let s = 0;
      for (let j = 0; j < d; j++) s += ((x[r * d + j] ?? 0) - (centre[j] ?? 0) + PAIRWISE_EPSILON) ** 2;
      total += Math.sqrt(s);
    }
    return total / Math.max(1, rows.length) / Math.log(rows.length + 10);
  });
  const lo = percentile(spread, 20);
  const hi = percentile(spread, 80);
  const clipped = spread.map((s) => Math.min(hi, Math.max(lo, s)));
  const mean = clipped.reduce((a, b) => a + b, 0) / clipped.length;
  return clipped.map((s, c) => ((perClass[c] ?? 1) === 1 || !(mean > 0) ? temperature : (temperature * s) / mean));
}

/** The subclasses of the training set at one clustering. */
export interface Subclasses {
  /** Subclass of each training example within its class, 0 … K_c − 1. */
  local: Int32Array;
  /** Global subclass id of each training example (classes' subclasses numbered one after the other): the loss's positives. */
  global: Int32Array;
  /** The class-adaptive temperature τ_c of each class. */
  temperatures: number[];
}

/** Clusters every class of the training set (embedding x, n × d, in training order), classes in order, each from `rng`. */
export function clusterSubclasses(x: ArrayLike<number>, d: number, labels: Int32Array, perClass: readonly number[], temperature: number, rng: Rng): Subclasses {
  const n = labels.length;
  const rowsByClass = perClass.map((_, c) => Int32Array.from(labels.keys()).filter((i) => labels[i] === c));
  const local = new Int32Array(n);
  const global = new Int32Array(n);
  let offset = 0;
  rowsByClass.forEach((rows, c) => {
    const k = perClass[c] ?? 1;
    const values = new Float64Array(rows.length * d);
    rows.forEach((r, i) => {
      for (let j = 0; j < d; j++) values[i * d + j] = x[r * d + j] ?? 0;
    });
    const clusters = k > 1 ? cosineKMeans(values, rows.length, d, k, rng) : new Int32Array(rows.length);
    rows.forEach((r, i) => {
      local[r] = clusters[i] ?? 0;
      global[r] = offset + (clusters[i] ?? 0);
    });
    offset += k;
  });
  return { local, global, temperatures: classTemperatures(x, d, rowsByClass, perClass, temperature) };
}
