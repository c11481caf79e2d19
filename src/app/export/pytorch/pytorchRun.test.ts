/**
 * The exported project trained to the end: `python3 train.py` gives the app's numbers on a 2-D
 * run, its results.json imports back as a PyTorch run, and torchrun with two processes (gloo,
 * CPU) ends within a stated tolerance of one process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfig } from '../../../training/config';
import { buildDataset } from '../../../training/data/build';
import { trainToEnd, useCpuBackend } from '../../../training/test/setup';
import { leaderboardRows } from '../../compare';
import { pytorchProject } from './bundle';
import { readPytorchResults } from './importResults';
import { runPython, torchProblem, writeProject } from './pythonRunner';

/**
 * Two processes each train half of every batch and DistributedDataParallel averages their
 * gradients: the same update as one process up to float32 summation order (the loss is a mean
 * over equal halves), so the final metrics agree to within this (fractions, i.e. 1 pp).
 */
const DDP_TOLERANCE = 0.01;

function config(id: string): RunConfig {
  const parsed = parseRunConfig({
    seed: 2,
    dataset: { kind: 'blobs', classes: 5, nMax: 200, rho: 20, testPerClass: 100 },
    model: { width: 32, depth: 2 },
    optimizer: { kind: 'adam', learningRate: 0.01 },
    batchSize: 64,
    epochs: 6,
    method: { id },
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.config;
}

interface Results {
  test: { accuracy: number; balancedAccuracy: number; splits: { many: number; medium: number; few: number }; ece: number };
}

function train(dir: string, out: string, processes = 1): Results {
  const script = join(dir, 'train.py');
  const args =
    processes === 1
      ? [script, '--device', 'cpu', '--out', out]
      : // --redirects/--tee 1: torch 1.13's launcher reads their default "0" as None on Python ≥ 3.11.
        ['-m', 'torch.distributed.run', '--standalone', `--nproc_per_node=${processes}`, '--redirects', '1', '--tee', '1', script, '--device', 'cpu', '--out', out];
  runPython(args, { cwd: dir, env: { OMP_NUM_THREADS: '1' }, timeoutMs: 180_000 });
  return JSON.parse(readFileSync(out, 'utf8')) as Results;
}

const problem = torchProblem();

describe('PyTorch export, trained to the end', () => {
  beforeAll(useCpuBackend);

  it('reproduces the app’s test metrics on a 2-D run, and its results import as a PyTorch run', async () => {
    expect(problem, problem ?? '').toBeNull();
    const cfg = config('balanced-softmax');
    const app = await trainToEnd(cfg);
    const dir = writeProject(pytorchProject(cfg, buildDataset(cfg.dataset, cfg.seed), 'run-a'), 'balanced-softmax');
    const torch = train(dir, join(dir, 'results.json'));
    console.log(`app accuracy ${app.test.accuracy.toFixed(4)} (few ${app.test.splits.few.toFixed(4)}), PyTorch ${torch.test.accuracy.toFixed(4)} (few ${torch.test.splits.few.toFixed(4)})`);
    expect(Math.abs(torch.test.accuracy - app.test.accuracy)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(torch.test.splits.few - app.test.splits.few)).toBeLessThanOrEqual(0.02);

    const imported = readPytorchResults(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')));
    if (!imported.ok) throw new Error(imported.error);
    expect(imported.run.source).toBe('pytorch');
    expect(imported.run.status).toBe('done');
    expect(imported.run.latest?.test.accuracy).toBeCloseTo(torch.test.accuracy, 6);
    expect(imported.run.history.length).toBe(cfg.epochs + 1);
    const [row] = leaderboardRows([{ index: 0, entry: { id: 'x', method: cfg.method }, run: { ...imported.run, id: 'x' }, label: 'x', color: '#000', stale: false }]);
    expect(row?.backend).toBe('PyTorch');
  }, 240_000);

  it(`trains with torchrun on 2 processes (gloo) to within ${DDP_TOLERANCE} of 1 process, class-aware sampling included`, () => {
    expect(problem, problem ?? '').toBeNull();
    // Re-sampling: every process draws the same seeded class-aware epoch and trains its share.
    for (const id of ['resampling']) {
      const cfg = config(id);
      const dir = writeProject(pytorchProject(cfg, buildDataset(cfg.dataset, cfg.seed)), id);
      const one = train(dir, join(dir, 'one.json'));
      const two = train(dir, join(dir, 'two.json'), 2);
      const gaps = {
        accuracy: Math.abs(one.test.accuracy - two.test.accuracy),
        balanced: Math.abs(one.test.balancedAccuracy - two.test.balancedAccuracy),
        few: Math.abs((one.test.splits.few ?? 0) - (two.test.splits.few ?? 0)),
      };
      console.log(`${id}: 1 process ${one.test.accuracy.toFixed(4)}, 2 processes ${two.test.accuracy.toFixed(4)}; gaps ${JSON.stringify(gaps)}`);
      for (const gap of Object.values(gaps)) expect(gap).toBeLessThanOrEqual(DDP_TOLERANCE);
    }
  }, 300_000);
});
