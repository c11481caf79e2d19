/**
 * The frequency–accuracy law (Udandarao et al., "No 'zero-shot' without exponential data"):
 * per-class accuracy grows roughly linearly in the logarithm of the class's training count.
 * A least-squares line of accuracy against log10(count) gives the slope — accuracy gained per
 * tenfold more examples — and R², how well the log-linear trend explains the classes. A
 * rebalancing method flattens the slope.
 */

export interface FrequencyFit {
  /** Accuracy per decade of training examples (fraction per 10×). */
  slope: number;
  /** Fitted accuracy at one training example (log10 1 = 0). */
  intercept: number;
  /** Coefficient of determination of the fit (NaN when accuracy is the same for every class). */
  r2: number;
  /** Classes used: those with at least one training example and a finite accuracy. */
  n: number;
}

const NONE: FrequencyFit = { slope: NaN, intercept: NaN, r2: NaN, n: 0 };

/** Ordinary least squares of accuracy on log10(count); NaN fields when fewer than two distinct counts. */
export function fitFrequencyLaw(counts: readonly number[], accuracy: ArrayLike<number>): FrequencyFit {
  const xs: number[] = [];
  const ys: number[] = [];
  counts.forEach((count, c) => {
    const a = accuracy[c];
    if (count > 0 && a !== undefined && Number.isFinite(a)) {
      xs.push(Math.log10(count));
      ys.push(a);
    }
  });
  const n = xs.length;
  if (n < 2) return { ...NONE, n };
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return { ...NONE, n };
  const slope = sxy / sxx;
  // R² = explained / total variance = sxy² / (sxx·syy) for a least-squares line with intercept.
  return { slope, intercept: my - slope * mx, r2: syy > 0 ? (sxy * sxy) / (sxx * syy) : NaN, n };
}
