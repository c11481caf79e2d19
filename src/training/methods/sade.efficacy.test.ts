import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from '../data/build';
import type { RunSnapshot } from '../snapshot';
import { useCpuBackend } from '../test/setup';
import { Trainer, type TestTimeAggregationStep } from '../trainer';
import { EFFICACY_SEEDS, efficacyConfig, expertSplit, mean } from './efficacySetup';

/**
 * SADE on the long-tailed blobs (efficacySetup.ts), seeds 1–3, as in the authors' code: cosine
 * experts (s = 30) that own the last hidden layer; test-time aggregation with SGD (lr 0.025,
 * Nesterov momentum 0.9, weight decay 5e-4), 5 passes, the 0.05 floor checked once per pass.
 * Its single-model base, balanced softmax, is trained here too. Measured numbers: see the
 * console line of each block and the SADE card.
 */
beforeAll(useCpuBackend);

type Distribution = 'uniform' | 'forward' | 'backward';

interface Outcome {
  /** The snapshot predicting with equal weights (the plain average of the experts' logits). */
  equal: RunSnapshot;
  /** The last pass of the test-time aggregation. */
  learned: TestTimeAggregationStep;
}

async function run(seed: number, testDistribution: Distribution): Promise<Outcome> {
  const cfg = efficacyConfig(seed, 'sade', { testDistribution, testRho: 50 });
  const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
  while (!trainer.done) trainer.trainStep();
  const equal = await trainer.evaluate();
  let learned: TestTimeAggregationStep | undefined;
  for await (const step of trainer.runTestTimeAggregation()) learned = step;
  trainer.dispose();
  if (!learned) throw new Error('no test-time aggregation');
  return { equal, learned };
}

async function balancedSoftmax(seed: number): Promise<RunSnapshot> {
  const cfg = efficacyConfig(seed, 'balanced-softmax');
  const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
  while (!trainer.done) trainer.trainStep();
  const s = await trainer.evaluate();
  trainer.dispose();
  return s;
}

const results = new Map<Distribution, Promise<Outcome[]>>();
const outcomes = (dist: Distribution) => {
  if (!results.has(dist)) results.set(dist, Promise.all(EFFICACY_SEEDS.map((seed) => run(seed, dist))));
  return results.get(dist) as Promise<Outcome[]>;
};
const weightsOf = (os: readonly Outcome[]) => os.map((o) => o.learned.weights.map((w) => w.toFixed(3)).join('/')).join(', ');

describe('SADE: skill-diverse experts and test-time aggregation (seeds 1–3)', () => {
  beforeAll(() => Promise.all([outcomes('uniform'), outcomes('forward'), outcomes('backward')]), 300_000);

  it('the head expert is best on Many, the tail expert best on Few', async () => {
    const runs = (await outcomes('uniform')).map((o) => o.equal);
    const split = (k: number, s: 0 | 2) => mean(runs.map((r) => expertSplit(r, k, s)));
    expect(split(0, 0)).toBeGreaterThan(Math.max(split(1, 0), split(2, 0)) + 0.1);
    expect(split(2, 2)).toBeGreaterThan(Math.max(split(0, 2), split(1, 2)) + 0.1);
  });

  it('on a uniform test set: weights stay near equal, and SADE is at least balanced softmax − 1 pp', async () => {
    const uniform = await outcomes('uniform');
    const base = await Promise.all(EFFICACY_SEEDS.map(balancedSoftmax));
    const sade = uniform.map((o) => o.learned.snapshot.test);
    console.log(
      `uniform: weights ${weightsOf(uniform)}; SADE balanced ${mean(sade.map((t) => t.balancedAccuracy)).toFixed(4)} Few ${mean(sade.map((t) => t.splits.few)).toFixed(4)} ` +
        `Many ${mean(sade.map((t) => t.splits.many)).toFixed(4)}; balanced softmax ${mean(base.map((s) => s.test.balancedAccuracy)).toFixed(4)} Few ${mean(base.map((s) => s.test.splits.few)).toFixed(4)}`,
    );
    for (const { learned } of uniform) learned.weights.forEach((w) => expect(Math.abs(w - 1 / 3)).toBeLessThan(0.05));
    expect(mean(sade.map((t) => t.balancedAccuracy))).toBeGreaterThanOrEqual(mean(base.map((s) => s.test.balancedAccuracy)) - 0.01);
    expect(mean(sade.map((t) => t.splits.few))).toBeGreaterThan(mean(base.map((s) => s.test.splits.few)));
    expect(mean(sade.map((t) => t.splits.many))).toBeGreaterThan(0.5);
  });

  it('moves the weights toward the head expert on forward-LT and toward the tail expert on backward-LT', async () => {
    const forward = await outcomes('forward');
    const backward = await outcomes('backward');
    console.log(`forward: ${weightsOf(forward)}; backward: ${weightsOf(backward)}`);
    for (const { learned } of forward) {
      const [head = 0, , tail = 0] = learned.weights;
      expect(head).toBeGreaterThan(tail);
    }
    for (const { learned } of backward) {
      const [head = 0, , tail = 0] = learned.weights;
      expect(tail).toBeGreaterThan(head);
    }
  });

  it('on backward-LT, the learned aggregation is no worse than the plain average of its experts', async () => {
    const backward = await outcomes('backward');
    const learned = backward.map((o) => o.learned.snapshot.test.accuracy);
    const equal = backward.map((o) => o.equal.test.accuracy);
    console.log(`backward accuracy: equal ${equal.map((a) => a.toFixed(4))} → learned ${learned.map((a) => a.toFixed(4))}`);
    expect(mean(learned)).toBeGreaterThanOrEqual(mean(equal));
  });
});
