import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfig } from '../config';
import { EFFICACY_SEEDS, mean } from '../methods/efficacySetup';
import { useCpuBackend } from '../test/setup';
import { trainWithUnlabelled } from './runs';
import type { PseudoLabelReport } from './pseudoLabel';
import { digitsPools } from '../test/pools';

/**
 * Pseudo-labels (Yang & Xu 2020, semi-supervised) against the same method without them, on
 * digits-LT with the MLP (10 classes, n_max 60, ρ = 20, 20 epochs, batch 32), seeds 1–3, the unlabelled
 * pool 5× the labelled set (as far as the unused digits go) at ρ_U = 1 and ρ_U = 100.
 * Measured numbers: the console lines, quoted on the lesson and in docs/methods.md.
 */
beforeAll(useCpuBackend);

function config(seed: number, kind: 'none' | 'pseudo-label', rhoU: number): RunConfig {
  const parsed = parseRunConfig({
    seed,
    dataset: { kind: 'digits', classes: 10, nMax: 60, rho: 20, testPerClass: 50 },
    model: { kind: 'mlp', width: 64, depth: 2 },
    optimizer: { kind: 'adam', learningRate: 0.01 },
    batchSize: 32,
    epochs: 20,
    method: { id: 'ce', params: {} },
    unlabelled: { kind, ratio: 5, rhoU },
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.config;
}

interface Arm {
  balanced: number[];
  many: number[];
  few: number[];
  reports: PseudoLabelReport[];
}

async function arm(kind: 'none' | 'pseudo-label', rhoU: number): Promise<Arm> {
  const out: Arm = { balanced: [], many: [], few: [], reports: [] };
  const pools = digitsPools();
  for (const seed of EFFICACY_SEEDS) {
    const { snapshot, report } = await trainWithUnlabelled(config(seed, kind, rhoU), pools);
    out.balanced.push(snapshot.test.balancedAccuracy);
    out.many.push(snapshot.test.splits.many);
    out.few.push(snapshot.test.splits.few);
    if (report?.kind === 'pseudo-label') out.reports.push(report.pseudo);
  }
  const f = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(' / ');
  console.log(`${kind} ρ_U ${rhoU}: balanced ${f(out.balanced)}, Many ${f(out.many)}, Few ${f(out.few)}; pseudo-labels right ${f(out.reports.map((r) => r.accuracy))}`);
  return out;
}

let ce: Arm;
let balancedPool: Arm;
let imbalancedPool: Arm;

describe('pseudo-labels against cross-entropy alone (digits-LT, seeds 1–3)', () => {
  beforeAll(async () => {
    balancedPool = await arm('pseudo-label', 1);
    // The baseline is the labelling model itself: cross-entropy on the labelled set with the run's
    // seed, model and schedule (checked against a plain run on seed 1 below).
    ce = {
      balanced: balancedPool.reports.map((r) => r.teacher.balancedAccuracy),
      many: balancedPool.reports.map((r) => r.teacher.many),
      few: balancedPool.reports.map((r) => r.teacher.few),
      reports: [],
    };
    console.log(`cross-entropy alone: balanced ${ce.balanced.map((x) => x.toFixed(3)).join(' / ')}, Many ${ce.many.map((x) => x.toFixed(3)).join(' / ')}, Few ${ce.few.map((x) => x.toFixed(3)).join(' / ')}`);
    imbalancedPool = await arm('pseudo-label', 100);
  }, 300_000);

  it('the labelling model is the run without unlabelled data (same seed, model and schedule)', async () => {
    const { snapshot } = await trainWithUnlabelled(config(1, 'none', 1), digitsPools());
    expect(snapshot.test.splits.few).toBe(ce.few[0]);
    expect(snapshot.test.balancedAccuracy).toBe(ce.balanced[0]);
  }, 60_000);

  it('its pseudo-labels are right far more often for the head than for the tail', () => {
    for (const r of balancedPool.reports) {
      const head = mean(r.perClassAccuracy.slice(0, 3));
      const tail = mean(r.perClassAccuracy.slice(7));
      expect(head).toBeGreaterThan(tail + 0.1);
    }
  });

  it('a balanced pool (ρ_U = 1) raises Few accuracy and balanced accuracy, without collapse', () => {
    expect(mean(balancedPool.few)).toBeGreaterThan(mean(ce.few) + 0.04);
    expect(mean(balancedPool.balanced)).toBeGreaterThan(mean(ce.balanced));
    expect(Math.min(...balancedPool.many)).toBeGreaterThan(0.75);
  });

  it('the gain shrinks as ρ_U grows: at ρ_U = 100 it is gone (the tail loses on our data)', () => {
    const gain = (a: Arm) => mean(a.few) - mean(ce.few);
    expect(gain(imbalancedPool)).toBeLessThan(gain(balancedPool) - 0.05);
    expect(gain(imbalancedPool)).toBeLessThan(0);
    expect(Math.min(...imbalancedPool.many)).toBeGreaterThan(0.75);
  });
});
