/**
 * Per-class numbers that re-balancing methods derive from the training counts n_j
 * (docs/methods.md, "Class re-balancing"). Pure JavaScript: no tensors, so each formula is
 * tested against hand-computed values.
 */

/** Scales `values` so that they sum to `total` (re-weighting keeps Σ w_j = C, the authors' convention). */
export function normaliseToSum(values: readonly number[], total: number): number[] {
  const sum = values.reduce((a, b) => a + b, 0);
  return values.map((v) => (v * total) / sum);
}

/** w_j ∝ 1 / n_j, normalised to Σ w_j = C. */
export function inverseFrequencyWeights(counts: readonly number[]): number[] {
  return normaliseToSum(
    counts.map((n) => 1 / n),
    counts.length,
  );
}

/** w_j = (n_min / n_j)^½, then normalised to Σ w_j = C like the others. */
export function sqrtInverseWeights(counts: readonly number[]): number[] {
  const nMin = Math.min(...counts);
  return normaliseToSum(
    counts.map((n) => Math.sqrt(nMin / n)),
    counts.length,
  );
}

/**
 * Class-balanced weights (Cui et al.): w_j = (1 − β) / (1 − β^{n_j}), the inverse of the
 * effective number of samples (1 − β^n) / (1 − β), normalised to Σ w_j = C. β = 0 gives equal
 * weights; β → 1 tends to inverse frequency.
 */
export function classBalancedWeights(counts: readonly number[], beta: number): number[] {
  return normaliseToSum(
    counts.map((n) => (1 - beta) / (1 - Math.pow(beta, n))),
    counts.length,
  );
}

/** LDAM margins m_j = K / n_j^{1/4}, with K chosen so that the largest margin (rarest class) is `maxMargin`. */
export function ldamMargins(counts: readonly number[], maxMargin = 0.5): number[] {
  const raw = counts.map((n) => 1 / Math.pow(n, 0.25));
  const largest = Math.max(...raw);
  return raw.map((r) => (r * maxMargin) / largest);
}

/** Class prior π_j = n_j / N. */
export function classPrior(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((n) => n / total);
}

/** log π_j: the logit shift of balanced softmax and logit adjustment. */
export function logPrior(counts: readonly number[]): number[] {
  return classPrior(counts).map(Math.log);
}

/** Class sampling probabilities ∝ n_j^q: q = 1 instance-balanced, ½ square-root, 0 class-balanced. */
export function samplingProbabilities(counts: readonly number[], q: number): number[] {
  return normaliseToSum(
    counts.map((n) => Math.pow(n, q)),
    1,
  );
}

/** Progressively-balanced sampling (Kang et al.): p(t) = (1 − t)·p_IB + t·p_CB, t = fraction of training done. */
export function progressiveProbabilities(counts: readonly number[], t: number): number[] {
  const ib = samplingProbabilities(counts, 1);
  const cb = samplingProbabilities(counts, 0);
  return ib.map((p, j) => (1 - t) * p + t * (cb[j] ?? 0));
}

/**
 * Label-aware smoothing (MiSLAS, "sine" shape): ε_j = ε_tail + (ε_head − ε_tail)·sin(π(n_j − n_min) / (2(n_max − n_min))).
 * The most frequent class gets ε_head, the rarest ε_tail. With balanced counts the formula is
 * 0/0; every class is then a head class and gets ε_head.
 */
export function labelAwareEpsilons(counts: readonly number[], epsHead: number, epsTail: number): number[] {
  const nMax = Math.max(...counts);
  const nMin = Math.min(...counts);
  if (nMax === nMin) return counts.map(() => epsHead);
  return counts.map((n) => epsTail + (epsHead - epsTail) * Math.sin((Math.PI * (n - nMin)) / (2 * (nMax - nMin))));
}

/**
 * Remix's label rule for x̃ = λ·x_a + (1 − λ)·x_b: the weight of label y_a. When a's class
 * outnumbers b's by κ or more and λ < τ, the whole label goes to the minority sample b (0);
 * symmetrically when b's class dominates and 1 − λ < τ, it goes to a (1); otherwise mixup's λ.
 */
export function remixWeightA(nA: number, nB: number, lambda: number, kappa: number, tau: number): number {
  if (nA / nB >= kappa && lambda < tau) return 0;
  if (nB / nA >= kappa && 1 - lambda < tau) return 1;
  return lambda;
}

/** The authors' LDAM-DRW defaults: largest margin 0.5, DRW's effective-number β = 0.9999. */
export const LDAM_MAX_MARGIN = 0.5;
export const DRW_BETA = 0.9999;

/**
 * LDAM's per-class margins and DRW's class weights over training: plain weights until
 * `drwStart` (a fraction of training), class-balanced by effective number after. Shared by
 * LDAM-DRW, RIDE and TLC.
 */
export function ldamDrwSchedule(classCounts: readonly number[], drwStart: number): { margins: number[]; classWeights: (progress: number) => readonly number[] } {
  const margins = ldamMargins(classCounts, LDAM_MAX_MARGIN);
  const plain = classCounts.map(() => 1);
  const balanced = classBalancedWeights(classCounts, DRW_BETA);
  return { margins, classWeights: (progress) => (progress >= drwStart ? balanced : plain) };
}
