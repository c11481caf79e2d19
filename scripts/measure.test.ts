import { beforeAll, expect, it } from 'vitest';
import { parseRunConfig } from '../src/training/config';
import { buildDataset } from '../src/training/data/build';
import { correlation } from '../src/charts/order';
import { useCpuBackend } from '../src/training/test/setup';
import type { RunSnapshot } from '../src/training/snapshot';
import { Trainer } from '../src/training/trainer';

/**
 * Prints overall / Many / Medium / Few / ECE of methods on a config (default: the app's default
 * 2-D blobs run, ρ = 100), means over seeds. Not a test of anything: the numbers quoted in
 * cards and lessons come from here.
 *   MEASURE=ce,ride[:lambda=0] SEEDS=1,2,3 CONFIG='{"optimizer":{"kind":"sgd"}}' \
 *     npx vitest run -c scripts/vitest.measure.config.ts
 */
beforeAll(useCpuBackend);

const methods = (process.env.MEASURE ?? 'ce').split(',');
const seeds = (process.env.SEEDS ?? '1,2,3').split(',').map(Number);
const posthoc = process.env.POSTHOC ? process.env.POSTHOC.split(',').map(Number) : [undefined];
const base = JSON.parse(process.env.CONFIG ?? '{}') as Record<string, unknown>;

it('measures', async () => {
  for (const spec of methods) {
    const [id = 'ce', ...kv] = spec.split(':');
    const params = Object.fromEntries(kv.map((p) => p.split('=')).map(([k, v]) => [k, Number(v)]));
    const rows: number[][] = [];
    for (const seed of seeds) {
      const parsed = parseRunConfig({ ...base, seed, method: { id, params } });
      if (!parsed.ok) throw new Error(parsed.errors.join('; '));
      const cfg = parsed.config;
      const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
      while (!trainer.done) trainer.trainStep();
      // SADE: the app learns the aggregation weights on the test inputs after training; measure that.
      let tta: RunSnapshot | undefined;
      if (id === 'sade' && process.env.TTA !== '0') for await (const step of trainer.runTestTimeAggregation()) tta = step.snapshot;
      for (const value of posthoc) {
        if (value !== undefined) trainer.setPosthoc(value);
        const s = tta ?? (await trainer.evaluate());
        const t = s.test;
        rows.push([t.accuracy, t.splits.many, t.splits.medium, t.splits.few, t.reliability.ece]);
        const w = s.experts?.aggregationWeights;
        const r = correlation(Array.from(trainer.dataset.train.counts, (n) => Math.log(n)), Array.from(s.headNorms));
        console.log(
          `${spec} seed ${seed}${value === undefined ? '' : ` posthoc ${value}`}: ${rows.at(-1)?.map((v) => v.toFixed(3)).join(' / ')} norm-r ${r.toFixed(2)}${w ? ` weights ${Array.from(w, (v) => v.toFixed(2)).join(' ')}` : ''}`,
        );
      }
      trainer.dispose();
    }
    const mean = [0, 1, 2, 3, 4].map((j) => rows.reduce((a, r) => a + (r[j] ?? NaN), 0) / rows.length);
    console.log(`MEAN ${spec}: overall ${(mean[0]! * 100).toFixed(1)} / Many ${(mean[1]! * 100).toFixed(1)} / Med ${(mean[2]! * 100).toFixed(1)} / Few ${(mean[3]! * 100).toFixed(1)} / ECE ${(mean[4]! * 100).toFixed(1)}`);
  }
  expect(methods.length).toBeGreaterThan(0);
});
