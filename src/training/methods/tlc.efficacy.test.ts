import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from '../data/build';
import type { RunSnapshot } from '../snapshot';
import { useCpuBackend } from '../test/setup';
import { Trainer } from '../trainer';
import { EFFICACY_SEEDS, efficacyConfig, mean } from './efficacySetup';

/**
 * TLC on the long-tailed blobs (efficacySetup.ts), seeds 1–3, uniform test set, defaults
 * (3 experts, s = 30, KL weight 0.5, engagement threshold 0.1). Deterministic; measured
 * (seeds 1 / 2 / 3), combined uncertainty u = C / S of the Dempster-fused opinion:
 *   mean u on right predictions 0.467 / 0.442 / 0.392, on wrong ones 0.698 / 0.485 / 0.520
 *   mean of per-class u: Many 0.443 / 0.343 / 0.280, Few 0.628 / 0.534 / 0.513
 *   experts consulted (1 / 2 / 3): 0 / 75 / 925, 156 / 81 / 763, 14 / 120 / 866 of 1,000
 *   accuracy 0.665 / 0.712 / 0.654, Few 0.283 / 0.400 / 0.353 (plain CE: 0.117 / 0.173 / 0.003)
 */
beforeAll(useCpuBackend);

async function train(seed: number): Promise<RunSnapshot> {
  const cfg = efficacyConfig(seed, 'tlc');
  const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
  while (!trainer.done) trainer.trainStep();
  const s = await trainer.evaluate();
  trainer.dispose();
  return s;
}

let runs: RunSnapshot[] = [];
/** Plain cross-entropy's mean Few accuracy in this setting (efficacy.test.ts). */
const CE_FEW = 0.0978;
const MANY = [0, 1, 2, 3];
const FEW = [7, 8, 9];

describe('TLC: evidential experts know where they are unsure (seeds 1–3)', () => {
  beforeAll(async () => {
    runs = await Promise.all(EFFICACY_SEEDS.map(train));
  }, 60_000);

  it('is more uncertain on wrong predictions than on right ones', () => {
    for (const s of runs) {
      const u = s.experts?.uncertainty;
      expect(u?.wrong).toBeGreaterThan((u?.right ?? Infinity) + 0.02);
    }
  });

  it('is more uncertain on Few classes than on Many classes', () => {
    for (const s of runs) {
      const perClass = s.experts?.uncertainty?.perClass ?? new Float32Array(0);
      expect(mean(FEW.map((c) => perClass[c] ?? NaN))).toBeGreaterThan(mean(MANY.map((c) => perClass[c] ?? NaN)) + 0.05);
    }
  });

  it('lets some samples stop early, counts every sample once, and beats cross-entropy on Few', () => {
    for (const s of runs) {
      const consulted = Array.from(s.experts?.consulted ?? []);
      expect(consulted.reduce((a, b) => a + b, 0)).toBe(1000);
      expect((consulted[0] ?? 0) + (consulted[1] ?? 0)).toBeGreaterThan(0);
    }
    expect(mean(runs.map((s) => s.test.splits.few))).toBeGreaterThan(CE_FEW + 0.2);
  });
});
