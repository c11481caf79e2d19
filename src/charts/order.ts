/** Class indices sorted by training count, most frequent first (ties by index). */
export function byFrequency(counts: readonly number[]): number[] {
  return counts.map((n, i) => ({ n, i })).sort((a, b) => b.n - a.n || a.i - b.i).map(({ i }) => i);
}

/** Pearson correlation of two equally long samples; NaN when undefined (fewer than 2 points, or no spread). */
export function correlation(a: readonly number[], b: readonly number[]): number {
  const pairs = a.map((x, i) => [x, b[i] ?? NaN] as const).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const n = pairs.length;
  if (n < 2) return NaN;
  const meanA = pairs.reduce((s, [x]) => s + x, 0) / n;
  const meanB = pairs.reduce((s, [, y]) => s + y, 0) / n;
  let cov = 0;
  let varA = 0;
  let varB = 0;
  for (const [x, y] of pairs) {
    cov += (x - meanA) * (y - meanB);
    varA += (x - meanA) ** 2;
    varB += (y - meanB) ** 2;
  }
  return varA > 0 && varB > 0 ? cov / Math.sqrt(varA * varB) : NaN;
}
