import { describe, expect, it } from 'vitest';
import { niceTicks } from './ticks';

describe('niceTicks', () => {
  it('picks a 1 / 2 / 5 step (d3) and ends at or just above the maximum', () => {
    // 2.8 / 5 = 0.56 → step 0.5 (d3 rounds to the nearest of 1, 2, 5 on a log scale): 0 … 3.
    expect(niceTicks(2.8)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    // 2.3 / 5 = 0.46 → step 0.5: 0 … 2.5.
    expect(niceTicks(2.3)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    // 0.9 / 5 = 0.18 → step 0.2: 0 … 1.
    expect(niceTicks(0.9)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    // 1.1 / 5 = 0.22 → step 0.2: 0 … 1.2.
    expect(niceTicks(1.1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1, 1.2]);
    // Exactly on a tick: no extra tick above it.
    expect(niceTicks(2)).toEqual([0, 0.5, 1, 1.5, 2]);
  });

  it('falls back to [0, 1] without a positive finite maximum', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(NaN)).toEqual([0, 1]);
    expect(niceTicks(Infinity)).toEqual([0, 1]);
  });
});
