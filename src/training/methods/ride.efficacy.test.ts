import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from '../data/build';
import type { RunSnapshot } from '../snapshot';
import { useCpuBackend } from '../test/setup';
import { Trainer } from '../trainer';
import { EFFICACY_SEEDS, efficacyConfig, mean } from './efficacySetup';

/**
 * RIDE on the long-tailed blobs (efficacySetup.ts), seeds 1–3, uniform test set. Deterministic
 * runs; measured (seeds 1 / 2 / 3):
 *   RIDE (3 LDAM-DRW experts, λ = 0.2)  Few 0.463 / 0.587 / 0.597; mean pairwise disagreement 0.171 / 0.099 / 0.140
 *   the same without diversity (λ = 0)  Few 0.473 / 0.440 / 0.550; disagreement 0.120 / 0.065 / 0.097
 *   plain CE                            Few 0.117 / 0.173 / 0.003
 * (Single LDAM-DRW, efficacy.test.ts: Few 0.437 / 0.627 / 0.670.)
 */
beforeAll(useCpuBackend);

async function train(seed: number, id: string, params: Record<string, number> = {}): Promise<RunSnapshot> {
  const cfg = efficacyConfig(seed, id, {}, params);
  const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
  while (!trainer.done) trainer.trainStep();
  const s = await trainer.evaluate();
  trainer.dispose();
  return s;
}

const runs = (id: string, params: Record<string, number> = {}) => Promise.all(EFFICACY_SEEDS.map((seed) => train(seed, id, params)));
const few = (rs: readonly RunSnapshot[]) => rs.map((s) => s.test.splits.few);
/** Mean over the expert pairs of the fraction of test samples on which they disagree. */
function meanDisagreement(s: RunSnapshot): number {
  const K = s.experts?.count ?? 0;
  const pairs: number[] = [];
  for (let i = 0; i < K; i++) for (let j = i + 1; j < K; j++) pairs.push(s.experts?.disagreement[i * K + j] ?? NaN);
  return mean(pairs);
}

describe('RIDE: diverse LDAM-DRW experts (seeds 1–3)', () => {
  it('raises Few accuracy over cross-entropy, and its diversity term makes the experts disagree more', async () => {
    const [ride, copies, ce] = await Promise.all([runs('ride'), runs('ride', { lambda: 0 }), runs('ce')]);
    expect(mean(few(ride))).toBeGreaterThan(mean(few(ce)) + 0.3);
    ride.forEach((s, i) => expect(meanDisagreement(s)).toBeGreaterThan(meanDisagreement(copies[i] as RunSnapshot) + 0.02));
  });
});
