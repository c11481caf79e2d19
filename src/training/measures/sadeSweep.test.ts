import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from '../data/build';
import { efficacyConfig } from '../methods/efficacySetup';
import { useCpuBackend } from '../test/setup';
import { Trainer } from '../trainer';

/**
 * The sweep on trained models (efficacy setting, seed 1): SADE re-learns its weights per test
 * distribution — toward the head expert E1 on forward-LT, the tail expert E3 on backward-LT —
 * and leaves the run's own prediction as it was; cross-entropy, biased to the head, falls from
 * forward to backward. With the authors' test-time settings (lr 0.025, a few passes) the
 * weights move only a little on our small test sets (measured: ≈ 0.35 / 0.33 / 0.32 on
 * forward ρ 50; the SADE card says so), so the test checks the direction of the move.
 */
beforeAll(useCpuBackend);

async function trained(method: string) {
  const cfg = efficacyConfig(1, method);
  const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
  while (!trainer.done) trainer.trainStep();
  return trainer;
}

describe('test-agnostic sweep of trained runs', () => {
  it('SADE: weights move toward E1 on forward-LT and toward E3 on backward-LT; the run itself is unchanged', async () => {
    const trainer = await trained('sade');
    for await (const pass of trainer.runTestTimeAggregation()) void pass;
    const before = await trainer.evaluate();
    const sweep = await trainer.testAgnosticSweep();
    const after = await trainer.evaluate();
    trainer.dispose();
    const [fHead = 0, , fTail = 0] = sweep[0]?.weights ?? [];
    const [bHead = 0, , bTail = 0] = sweep[10]?.weights ?? [];
    expect(fHead).toBeGreaterThan(fTail);
    expect(bTail).toBeGreaterThan(bHead);
    expect(after.test.accuracy).toBe(before.test.accuracy);
    expect(Array.from(after.experts?.aggregationWeights ?? [])).toEqual(Array.from(before.experts?.aggregationWeights ?? []));
  });

  it('cross-entropy: accuracy falls from forward ρ 50 to backward ρ 50; the uniform point is its balanced accuracy', async () => {
    const trainer = await trained('ce');
    const snapshot = await trainer.evaluate();
    const sweep = await trainer.testAgnosticSweep();
    trainer.dispose();
    const acc = sweep.map((p) => p.accuracy);
    expect(acc[0]).toBeGreaterThan((acc[10] ?? 1) + 0.2);
    expect(acc[5]).toBeCloseTo(snapshot.test.balancedAccuracy, 5);
  });
});
