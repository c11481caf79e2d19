import { scaleLinear } from 'd3-scale';

/**
 * Round ticks from 0 to just above `max` (0, 0.5, 1, 1.5 … rather than 0, 0.7, 1.4), about
 * five of them, so a loss axis reads at a glance: d3's nice domain and ticks.
 */
export function niceTicks(max: number): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  return scaleLinear().domain([0, max]).nice(5).ticks(5);
}
