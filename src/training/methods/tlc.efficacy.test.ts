import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSnapshot } from '../snapshot';
import { useCpuBackend } from '../test/setup';
import { trainEfficacyRun } from './efficacyRuns';
import { EFFICACY_SEEDS, mean } from './efficacySetup';

/**
 * TLC on the long-tailed blobs (efficacySetup.ts), seeds 1–3, uniform test set, as the authors'
 * code (experts own the last hidden layer, KL weight annealed to 200 / 13,200, training
 * engagement w / max w > 0.54, −0.01 diversity), against its single-model base LDAM-DRW trained
 * here. The numbers of the console line are the measured ones. Before those changes
 * (KL weight 0.5, absolute threshold; seeds 1 / 2 / 3), combined uncertainty u = C / S:
 *   mean u on right predictions 0.467 / 0.442 / 0.392, on wrong ones 0.698 / 0.485 / 0.520
 *   mean of per-class u: Many 0.443 / 0.343 / 0.280, Few 0.628 / 0.534 / 0.513
 *   experts consulted (1 / 2 / 3): 0 / 75 / 925, 156 / 81 / 763, 14 / 120 / 866 of 1,000
 *   accuracy 0.665 / 0.712 / 0.654, Few 0.283 / 0.400 / 0.353 (plain CE: 0.117 / 0.173 / 0.003)
 */
beforeAll(useCpuBackend);

const train = (seed: number, id = 'tlc', params: Record<string, number> = {}) => trainEfficacyRun(seed, id, params);

let runs: RunSnapshot[] = [];
/** The same with a strong KL term (0.5, the app's former default): what the uncertainty claims need on our data. */
let strongKl: RunSnapshot[] = [];
let ldam: RunSnapshot[] = [];
let ce: RunSnapshot[] = [];
const MANY = [0, 1, 2, 3];
const FEW = [7, 8, 9];

describe('TLC: evidential experts know where they are unsure (seeds 1–3)', () => {
  beforeAll(async () => {
    runs = await Promise.all(EFFICACY_SEEDS.map((seed) => train(seed)));
    strongKl = await Promise.all(EFFICACY_SEEDS.map((seed) => train(seed, 'tlc', { klWeight: 0.5 })));
    ldam = await Promise.all(EFFICACY_SEEDS.map((seed) => train(seed, 'ldam-drw')));
    ce = await Promise.all(EFFICACY_SEEDS.map((seed) => train(seed, 'ce')));
    const line = (rs: RunSnapshot[]) =>
      `balanced ${mean(rs.map((s) => s.test.balancedAccuracy)).toFixed(4)} Many ${mean(rs.map((s) => s.test.splits.many)).toFixed(4)} Few ${mean(rs.map((s) => s.test.splits.few)).toFixed(4)}`;
    console.log(
      `TLC ${line(runs)}; KL 0.5 ${line(strongKl)}; LDAM-DRW ${line(ldam)}; CE ${line(ce)}; u right/wrong (KL 0.5) ${strongKl.map((s) => `${s.experts?.uncertainty?.right.toFixed(3)}/${s.experts?.uncertainty?.wrong.toFixed(3)}`)}; u right/wrong ${runs.map((s) => `${s.experts?.uncertainty?.right.toFixed(3)}/${s.experts?.uncertainty?.wrong.toFixed(3)}`)}; consulted ${runs.map((s) => Array.from(s.experts?.consulted ?? []).join('/'))}`,
    );
  }, 300_000);

  it('with a strong KL term, is more uncertain on wrong predictions than on right ones', () => {
    for (const s of strongKl) {
      const u = s.experts?.uncertainty;
      expect(u?.wrong).toBeGreaterThan((u?.right ?? Infinity) + 0.02);
    }
  });

  it('with a strong KL term, is more uncertain on Few classes than on Many classes', () => {
    for (const s of strongKl) {
      const perClass = s.experts?.uncertainty?.perClass ?? new Float32Array(0);
      expect(mean(FEW.map((c) => perClass[c] ?? NaN))).toBeGreaterThan(mean(MANY.map((c) => perClass[c] ?? NaN)) + 0.05);
    }
  });

  it('lets some samples stop early and counts every sample once', () => {
    for (const s of runs) {
      const consulted = Array.from(s.experts?.consulted ?? []);
      expect(consulted.reduce((a, b) => a + b, 0)).toBe(1000);
      expect((consulted[0] ?? 0) + (consulted[1] ?? 0)).toBeGreaterThan(0);
    }
  });

  // Not as the paper: with the authors' KL weight TLC ends below LDAM-DRW on Few here (the card says so).
  it('raises Few accuracy far above cross-entropy, without collapse', () => {
    const few = (rs: RunSnapshot[]) => mean(rs.map((s) => s.test.splits.few));
    expect(few(runs)).toBeGreaterThan(few(ce) + 0.2);
    expect(mean(runs.map((s) => s.test.balancedAccuracy))).toBeGreaterThanOrEqual(mean(ce.map((s) => s.test.balancedAccuracy)) - 0.01);
    expect(mean(runs.map((s) => s.test.splits.many))).toBeGreaterThan(0.6);
  });
});
