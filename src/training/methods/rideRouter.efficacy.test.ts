import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from '../data/build';
import type { RunSnapshot } from '../snapshot';
import { useCpuBackend } from '../test/setup';
import { Trainer } from '../trainer';
import { EFFICACY_SEEDS, efficacyConfig, mean } from './efficacySetup';

beforeAll(useCpuBackend);

/** One RIDE run with the router, evaluated through the router and, on the same model, with every expert (force_all). */
async function routedAndAll(seed: number): Promise<{ routed: RunSnapshot; all: RunSnapshot }> {
  const cfg = efficacyConfig(seed, 'ride', {}, { router: 1 });
  const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
  while (!trainer.done) trainer.trainStep();
  const routed = await trainer.evaluate();
  const ensemble = trainer['parts'].ensemble;
  if (!ensemble) throw new Error('RIDE has an ensemble');
  ensemble.routing = false;
  const all = await trainer.evaluate();
  trainer.dispose();
  return { routed, all };
}

/** Mean experts consulted per test sample, from the snapshot's histogram. */
function meanConsulted(s: RunSnapshot): number {
  const h = s.experts?.consulted;
  if (!h) return NaN;
  const total = h.reduce((a, b) => a + b, 0);
  return h.reduce((a, n, k) => a + n * (k + 1), 0) / total;
}

describe('RIDE router (expert assignment), seeds 1–3', () => {
  let runs: { routed: RunSnapshot; all: RunSnapshot }[] = [];
  beforeAll(async () => {
    runs = await Promise.all(EFFICACY_SEEDS.map((seed) => routedAndAll(seed)));
    for (const { routed, all } of runs) {
      console.log(
        `routed: balanced ${routed.test.balancedAccuracy.toFixed(4)} Many ${routed.test.splits.many.toFixed(4)} Few ${routed.test.splits.few.toFixed(4)} ` +
          `experts/sample ${meanConsulted(routed).toFixed(3)} (${Array.from(routed.experts?.consulted ?? []).join(' / ')}); ` +
          `all: balanced ${all.test.balancedAccuracy.toFixed(4)} Many ${all.test.splits.many.toFixed(4)} Few ${all.test.splits.few.toFixed(4)}`,
      );
    }
  }, 300_000);

  it('uses fewer experts per sample than K', () => {
    expect(mean(runs.map((r) => meanConsulted(r.routed)))).toBeLessThan(3);
  });

  it('keeps balanced accuracy within about 1 pp of every expert, without collapsing Many or Few', () => {
    expect(mean(runs.map((r) => r.routed.test.balancedAccuracy))).toBeGreaterThan(mean(runs.map((r) => r.all.test.balancedAccuracy)) - 0.01);
  });
});
