/**
 * Round ticks from 0 to just above `max` (0, 0.5, 1, 1.5 … rather than 0, 0.7, 1.4),
 * at most six of them, so a loss axis reads at a glance.
 */
export function niceTicks(max: number): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / 5;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const ticks: number[] = [];
  for (let i = 0; i * step < max + step - 1e-12 && ticks.length < 8; i++) ticks.push(Number((i * step).toPrecision(6)));
  return ticks;
}
