/**
 * At most `max` points of `points`, always keeping the first and the last.
 *
 * It keeps every k-th point, k the smallest power of two that fits, plus the last point. A power
 * of two (rather than an even spread of exactly `max` points) matters for live charts: as a run
 * grows, the points already kept stay kept (doubling k drops every other one), so the curve does
 * not wiggle from one snapshot to the next. The price is that between max/2 and max points come
 * back. `max` = 1 keeps only the last point (the newest is what a live view needs); `max` ≤ 0
 * keeps none. The input is returned as is when it already fits.
 */
export function downsample<T>(points: T[], max: number): T[] {
  const n = points.length;
  if (n <= max) return points;
  if (max < 1) return [];
  if (max === 1) return points.slice(n - 1);
  let k = 1;
  // Kept: the multiples of k below n − 1, then n − 1 itself.
  while (Math.ceil((n - 1) / k) + 1 > max) k *= 2;
  const out: T[] = [];
  for (let i = 0; i < n - 1; i += k) out.push(points[i] as T);
  out.push(points[n - 1] as T);
  return out;
}
