import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { torchProblem } from '../src/app/export/pytorch/pythonRunner';
import { KANG_OPTIMIZER } from '../src/training/methods/tauNorm';
import { METHODS } from '../src/training/methods/registry';
import { appRun, referenceConfig, referencePools, torchRun, useBackend } from './fidelityRuns';
import { saveRow, writeFidelityDoc, type FidelityRow } from './fidelityTable';

/**
 * The fidelity table's runs (docs/fidelity.md): each method on the reference scenario, trained by
 * the app's training code (src/training in Node: the workers' code, on tfjs' wasm backend by
 * default) and by the exported train.py on the same examples, initial weights and batch order.
 * Each finished run is appended to docs/fidelity-results.jsonl at once, so a long run can stop and
 * resume; fidelityTable.ts turns that file into the table. Run through scripts/fidelity.mjs:
 *   node scripts/fidelity.mjs --methods ce,ride --seeds 0,1,2 [--sides app,pytorch] [--backend wasm|cpu]
 */
const methods = (process.env.FIDELITY_METHODS ?? 'ce').split(',');
const seeds = (process.env.FIDELITY_SEEDS ?? '0').split(',').map(Number);
/** "none" only rewrites the table from the results file. */
const sides = (process.env.FIDELITY_SIDES ?? 'app,pytorch').split(',');
const backend = process.env.FIDELITY_BACKEND === 'cpu' ? 'cpu' : 'wasm';
/** A scenario and the config keys it replaces: "reference", or "kang" (the reference under Kang et al.'s SGD, τ-norm's setting). */
const SCENARIOS: Record<string, Record<string, unknown>> = { reference: {}, kang: { optimizer: KANG_OPTIMIZER } };
const ORDER = METHODS.map((m) => m.id);

beforeAll(() => useBackend(backend));

function save(row: FidelityRow) {
  saveRow(row);
  console.log(`${row.side} ${row.method}@${row.scenario} seed ${row.seed}: ${JSON.stringify(row)}`);
}

it('trains the fidelity runs and writes the table', async () => {
  const pools = referencePools();
  const work = join(process.cwd(), 'bench-results', 'fidelity');
  mkdirSync(work, { recursive: true });
  if (sides.includes('pytorch')) expect(torchProblem(), torchProblem() ?? '').toBeNull();
  for (const spec of sides.includes('none') ? [] : methods) {
    const [id = 'ce', scenario = 'reference'] = spec.split('@');
    const overrides = SCENARIOS[scenario];
    if (!overrides) throw new Error(`unknown scenario ${scenario}: ${Object.keys(SCENARIOS).join(', ')}`);
    for (const seed of seeds) {
      const cfg = referenceConfig(seed, id, overrides);
      const base = { scenario, method: id, seed };
      if (sides.includes('app')) {
        const started = Date.now();
        const { snapshot: s, beforeAggregation } = await appRun(cfg, pools);
        const t = s.test;
        const weights = s.experts?.aggregationWeights ? Array.from(s.experts.aggregationWeights) : undefined;
        const b = beforeAggregation?.test;
        const equalWeights = b && { overall: b.accuracy, many: b.splits.many, medium: b.splits.medium, few: b.splits.few, ece: b.reliability.ece };
        save({ ...base, side: 'app', backend, overall: t.accuracy, many: t.splits.many, medium: t.splits.medium, few: t.splits.few, ece: t.reliability.ece, weights, equalWeights, seconds: (Date.now() - started) / 1000 });
      }
      if (sides.includes('pytorch')) {
        const started = Date.now();
        const r = torchRun(cfg, pools, work, `${scenario}-${id}-${seed}`);
        const weights = r.pytorch?.testTimeAggregation?.at(-1)?.weights;
        const t = r.test;
        const b = weights ? r.history?.at(-2) : undefined;
        const equalWeights = b && { overall: b.accuracy, many: b.splits.many, medium: b.splits.medium, few: b.splits.few, ece: b.ece };
        save({ ...base, side: 'pytorch', backend: 'torch-cpu', overall: t.accuracy, many: t.splits.many, medium: t.splits.medium, few: t.splits.few, ece: t.ece, weights, equalWeights, seconds: (Date.now() - started) / 1000 });
      }
      writeFidelityDoc(ORDER);
    }
  }
  writeFidelityDoc(ORDER);
  expect(methods.length).toBeGreaterThan(0);
});
