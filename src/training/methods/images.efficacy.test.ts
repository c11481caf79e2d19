import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from '../data/build';
import type { RunSnapshot } from '../snapshot';
import { useCpuBackend } from '../test/setup';
import { Trainer } from '../trainer';
import { describeSummary, summarise, type Summary } from './efficacyRuns';
import { EFFICACY_SEEDS } from './efficacySetup';
import { digitsConfig, digitsPools, trainDigitsRun } from './imagesSetup';
import { KANG_OPTIMIZER } from './tauNorm';

/**
 * The efficacy claims on images with the CNN (issue #12, item 4): digits-LT (imagesSetup.ts:
 * n_max 120, ρ 20, CNN 8/16/32, Adam 0.01, 12 epochs), seeds 1–3, uniform test set, every
 * baseline trained here. A representative set: a logit-adjusted loss against cross-entropy, a
 * decoupling method against its own jointly trained network, a multi-expert model against its
 * single-model base. Measured (means of seeds 1–3): balanced / Many / Few / ECE
 *   CE                       0.807 / 0.960 / 0.695 / 0.059
 *   balanced softmax         0.857 / 0.947 / 0.850 / 0.048   (logit adjustment, τ = 1: the same loss, the same numbers)
 *   LDAM-DRW                 0.777 / 0.920 / 0.683 / 0.164
 *   RIDE                     0.847 / 0.980 / 0.737 / 0.100   (experts own the last conv block and the dense layer at ¾ width; 0.845 / 0.973 / 0.745 when they owned the dense layer only)
 *   τ-norm (SGD 0.1, momentum 0.9, wd 5e-4)  0.816 / 0.927 / 0.772 / 0.079
 *   the same network, τ = 0                  0.805 / 0.967 / 0.675 / 0.103
 * LDAM-DRW does not beat cross-entropy on Few here (0.683 against 0.695: not asserted, the
 * reference scenario shows its gain); RIDE beats LDAM-DRW. cRT over-fits its few tail images on
 * frozen features here too (Few 0.385), as on the reference scenario (its card says so).
 * About 65 s of CPU in all (15 runs of ≈ 4 s).
 */
beforeAll(useCpuBackend);

const runs = (id: string) => Promise.all(EFFICACY_SEEDS.map((seed) => trainDigitsRun(seed, id)));

/** τ-norm in Kang et al.'s optimiser setting: the trained network with τ = 1 and, as its joint baseline, with τ = 0. */
async function tauNormPair(seed: number): Promise<[RunSnapshot, RunSnapshot]> {
  const cfg = digitsConfig(seed, 'tau-norm', {}, { optimizer: KANG_OPTIMIZER });
  const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed, digitsPools()));
  while (!trainer.done) trainer.trainStep();
  const normalised = await trainer.evaluate();
  trainer.setPosthoc(0);
  const joint = await trainer.evaluate();
  trainer.dispose();
  return [normalised, joint];
}

let ce: Summary, bs: Summary, ldam: Summary, ride: Summary, tau: Summary, joint: Summary;

describe('efficacy on digits-LT with the CNN (seeds 1–3)', () => {
  beforeAll(async () => {
    const [ceRuns, bsRuns, ldamRuns, rideRuns, pairs] = await Promise.all([
      runs('ce'),
      runs('balanced-softmax'),
      runs('ldam-drw'),
      runs('ride'),
      Promise.all(EFFICACY_SEEDS.map(tauNormPair)),
    ]);
    [ce, bs, ldam, ride] = [ceRuns, bsRuns, ldamRuns, rideRuns].map(summarise) as [Summary, Summary, Summary, Summary];
    tau = summarise(pairs.map((p) => p[0]));
    joint = summarise(pairs.map((p) => p[1]));
    for (const [name, s] of [['CE', ce], ['balanced softmax', bs], ['LDAM-DRW', ldam], ['RIDE', ride], ['τ-norm (SGD)', tau], ['τ = 0 (SGD)', joint]] as const) console.log(describeSummary(name, s));
  }, 900_000);

  it('balanced softmax raises Few without collapse', () => {
    expect(bs.few).toBeGreaterThan(ce.few + 0.05);
    expect(bs.balanced).toBeGreaterThanOrEqual(ce.balanced - 0.01);
    expect(bs.many).toBeGreaterThan(0.85);
  });

  it('RIDE is at least as good as its base, LDAM-DRW, overall and on Few', () => {
    expect(ride.balanced).toBeGreaterThanOrEqual(ldam.balanced - 0.01);
    expect(ride.few).toBeGreaterThanOrEqual(ldam.few - 0.01);
    expect(ride.many).toBeGreaterThan(0.85);
  });

  it('τ-normalisation raises Few over the same network without it, keeping Many', () => {
    expect(tau.few).toBeGreaterThan(joint.few);
    expect(tau.balanced).toBeGreaterThanOrEqual(joint.balanced - 0.01);
    expect(tau.many).toBeGreaterThan(0.85);
  });
});
