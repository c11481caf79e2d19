import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from '../data/build';
import type { RunSnapshot } from '../snapshot';
import { useCpuBackend } from '../test/setup';
import { Trainer, type TestTimeAggregationStep } from '../trainer';
import { EFFICACY_SEEDS, efficacyConfig, expertSplit, mean } from './efficacySetup';

/**
 * SADE on the long-tailed blobs (efficacySetup.ts), seeds 1–3. Runs are deterministic, so the
 * numbers below are exact. Expert splits on the uniform test set (E1 head / E2 balanced / E3 tail):
 *   Many: E1 0.965 / 0.957 / 0.968 (seeds 1 / 2 / 3), E2 0.775 / 0.805 / 0.780, E3 0.000 / 0.000 / 0.000
 *   Few:  E1 0.123 / 0.170 / 0.000, E2 0.773 / 0.773 / 0.693, E3 0.957 / 0.980 / 0.983
 * Test-time aggregation (5 passes, never stopped early) on forward- and backward-LT test sets
 * with ρ_test = 50, weights (head / balanced / tail) and accuracy from equal weights → learned:
 *   forward   0.427/0.342/0.231  0.634 → 0.768;  0.422/0.340/0.238  0.681 → 0.790;  0.422/0.345/0.233  0.750 → 0.830
 *   backward  0.282/0.313/0.405  0.862 → 0.884;  0.251/0.303/0.446  0.866 → 0.895;  0.269/0.314/0.417  0.775 → 0.848
 * On backward-LT the experts alone average 0.616 / 0.628 / 0.577 (the head expert scores ~0.1 there).
 */
beforeAll(useCpuBackend);

interface Outcome {
  /** The snapshot predicting with equal weights (the plain average of the experts' logits). */
  equal: RunSnapshot;
  /** The last pass of the test-time aggregation. */
  learned: TestTimeAggregationStep;
}

async function run(seed: number, testDistribution: 'uniform' | 'forward' | 'backward'): Promise<Outcome> {
  const cfg = efficacyConfig(seed, 'sade', { testDistribution, testRho: 50 });
  const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
  while (!trainer.done) trainer.trainStep();
  const equal = await trainer.evaluate();
  let learned: TestTimeAggregationStep | undefined;
  if (testDistribution !== 'uniform') for await (const step of trainer.runTestTimeAggregation()) learned = step;
  trainer.dispose();
  return { equal, learned: learned ?? ({ epoch: 0, epochs: 0, weights: [], stopped: false, snapshot: equal } as TestTimeAggregationStep) };
}

/** Accuracy of expert k alone on the test set, from its per-class accuracy and the test counts. */
function expertAccuracy(s: RunSnapshot, k: number, testCounts: readonly number[]): number {
  const C = testCounts.length;
  const total = testCounts.reduce((a, b) => a + b, 0);
  return testCounts.reduce((sum, n, c) => sum + n * (s.experts?.perClass[k * C + c] ?? 0), 0) / total;
}

const results = new Map<string, Promise<Outcome[]>>();
const outcomes = (dist: 'uniform' | 'forward' | 'backward') => {
  if (!results.has(dist)) results.set(dist, Promise.all(EFFICACY_SEEDS.map((seed) => run(seed, dist))));
  return results.get(dist) as Promise<Outcome[]>;
};

describe('SADE: skill-diverse experts and test-time aggregation (seeds 1–3)', () => {
  it('the head expert is best on Many, the tail expert best on Few', async () => {
    const runs = (await outcomes('uniform')).map((o) => o.equal);
    const split = (k: number, s: 0 | 2) => mean(runs.map((r) => expertSplit(r, k, s)));
    expect(split(0, 0)).toBeGreaterThan(Math.max(split(1, 0), split(2, 0)) + 0.1);
    expect(split(2, 2)).toBeGreaterThan(Math.max(split(0, 2), split(1, 2)) + 0.1);
  });

  it('learns weights toward the head expert on forward-LT and toward the tail expert on backward-LT', async () => {
    const forward = await outcomes('forward');
    const backward = await outcomes('backward');
    for (const { learned } of forward) {
      const [head = 0, , tail = 0] = learned.weights;
      expect(head).toBeGreaterThan(1 / 3 + 0.05);
      expect(head).toBeGreaterThan(tail + 0.1);
    }
    for (const { learned } of backward) {
      const [head = 0, , tail = 0] = learned.weights;
      expect(tail).toBeGreaterThan(1 / 3 + 0.05);
      expect(tail).toBeGreaterThan(head + 0.1);
    }
  });

  it('on backward-LT, the learned aggregation beats the plain average of its experts', async () => {
    const backward = await outcomes('backward');
    const counts = buildDataset(efficacyConfig(1, 'sade', { testDistribution: 'backward', testRho: 50 }).dataset, 1).test.counts;
    const learned = backward.map((o) => o.learned.snapshot.test.accuracy);
    const equal = backward.map((o) => o.equal.test.accuracy);
    const experts = backward.map((o) => mean([0, 1, 2].map((k) => expertAccuracy(o.equal, k, counts))));
    learned.forEach((a, i) => expect(a).toBeGreaterThan(equal[i] ?? 1));
    expect(mean(learned)).toBeGreaterThan(mean(equal) + 0.02);
    expect(mean(learned)).toBeGreaterThan(mean(experts) + 0.1);
  });
});
