/**
 * Export → PyTorch on a person's own data (issue #19): the project carries the data (a table of
 * many features as a float32 file, own images as bytes), train.py reads it, gives the app's first
 * training losses within 1e-3 relative, and trains to the end on it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfig } from '../../../training/config';
import { buildDataset } from '../../../training/data/build';
import type { Dataset } from '../../../training/data/dataset';
import { greyOf } from '../../../training/data/imageFolder';
import type { OwnData } from '../../../training/data/own';
import { pca2 } from '../../../training/data/pca';
import { buildTable } from '../../../training/data/tabular';
import { useCpuBackend } from '../../../training/test/setup';
import { Trainer } from '../../../training/trainer';
import { trainingLoop } from '../../../training/run';
import { pytorchProject } from './bundle';
import { runPython, torchProblem, writeProject } from './pythonRunner';

const STEPS = 12;
const RELATIVE = 1e-3;
const HASH = 'a'.repeat(64);

/** A long-tailed table as a CSV parser gives it: 6 features, classes 120 / 40 / 12 rows, from a fixed LCG. */
function csvRows(): string[][] {
  let s = 777;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const rows = [['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'label']];
  [120, 40, 12].forEach((n, c) => {
    for (let i = 0; i < n; i++) rows.push([...Array.from({ length: 6 }, (_, j) => (2 * ((j + c) % 3) + 5 * rand()).toFixed(3)), ['head', 'middle', 'tail'][c] ?? '']);
  });
  return rows;
}

function ownTable(): OwnData {
  const table = buildTable(csvRows(), { header: true, labelColumn: 6 });
  const d = table.featureNames.length;
  return { hash: HASH, name: 'own.csv', fileBytes: 1, inputShape: [d], featureNames: table.featureNames, classNames: table.classNames, x: table.x, y: table.y, counts: table.counts, projection: pca2(table.x, table.y.length, d) };
}

/** Own 28 × 28 images as the import worker stores them (greyOf of RGBA): bars, columns, dots; 30 / 10 / 6 images. */
function ownImages(): OwnData {
  const size = 28;
  const counts = [30, 10, 6];
  const n = counts.reduce((a, b) => a + b, 0);
  const x = new Float32Array(n * size * size);
  const y = new Int32Array(n);
  let i = 0;
  counts.forEach((count, c) => {
    for (let k = 0; k < count; k++, i++) {
      const rgba = new Uint8ClampedArray(size * size * 4);
      for (let p = 0; p < size * size; p++) {
        const [r, q] = [Math.floor(p / size), p % size];
        const ink = c === 0 ? (r + k) % 5 < 2 : c === 1 ? (q + k) % 5 < 2 : (r % 6 < 2 && q % 6 < 2) || (r + q + k) % 11 === 0;
        rgba.set(ink ? [20 + k, 40, 90, 255] : [250, 240 - k, 230, 200], 4 * p);
      }
      greyOf(rgba, x, i * size * size);
      y[i] = c;
    }
  });
  return { hash: HASH, name: 'shapes.zip', fileBytes: 1, inputShape: [size, size, 1], featureNames: [], classNames: ['bars', 'cols', 'dots'], x, y, counts };
}

function ownConfig(id: string, images: boolean): RunConfig {
  const parsed = parseRunConfig({
    seed: 3,
    dataset: { kind: 'own', ownHash: HASH, ownName: images ? 'shapes.zip' : 'own.csv', ownTestFraction: 0.2, ownTest: 'natural' },
    model: images ? { kind: 'cnn', filters1: 4, filters2: 8, dense: 16 } : { width: 16, depth: 2 },
    optimizer: { kind: 'adam', learningRate: 0.01 },
    batchSize: 16,
    // The images hold 37 training rows (3 steps an epoch): enough epochs for the steps checked.
    epochs: images ? 5 : 3,
    method: { id },
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.config;
}

async function appLosses(config: RunConfig, dataset: Dataset): Promise<{ losses: number[]; testLoss: number }> {
  const trainer = new Trainer(config, dataset);
  await trainer.evaluate();
  const losses: number[] = [];
  for (let i = 0; i < STEPS && !trainer.done; i++) {
    trainer.trainStep();
    losses.push((await trainer.evaluate({ test: false })).trainLoss);
  }
  const testLoss = (await trainer.evaluate()).test.loss;
  trainer.dispose();
  return { losses, testLoss };
}

const relative = (a: readonly number[], b: readonly number[]) =>
  a.length !== b.length ? Infinity : Math.max(0, ...a.map((v, i) => Math.abs(v - (b[i] ?? NaN)) / Math.max(Math.abs(v), 1e-6)).map((r) => (Number.isNaN(r) ? Infinity : r)));

const problem = torchProblem();

describe('PyTorch export of a run on own data', () => {
  beforeAll(useCpuBackend);

  it('carries the data: a table of many features as float32, own images as bytes, both exactly the run’s', () => {
    const table = buildDataset(ownConfig('ce', false).dataset, 3, undefined, ownTable());
    const files = pytorchProject(ownConfig('ce', false), table);
    const data = JSON.parse(files['data.json'] as string) as { train: { featureFile: string; y: number[] }; inputShape: number[] };
    expect(data.inputShape).toEqual([6]);
    const bytes = files[data.train.featureFile] as Uint8Array;
    expect(Array.from(new Float32Array(bytes.slice().buffer))).toEqual(Array.from(table.train.x));
    expect(data.train.y).toEqual(Array.from(table.train.y));
    expect(files['README.md']).toContain('your own data');

    const images = buildDataset(ownConfig('ce', true).dataset, 3, undefined, ownImages());
    const imageFiles = pytorchProject(ownConfig('ce', true), images);
    const imageData = JSON.parse(imageFiles['data.json'] as string) as { train: { pixelFile: string } };
    const pixels = imageFiles[imageData.train.pixelFile] as Uint8Array;
    expect(Array.from(pixels, (b) => Math.fround(b / 255))).toEqual(Array.from(images.train.x));
  });

  it(`gives the app's first ${STEPS} training losses within ${RELATIVE} relative on an own CSV (MLP) and own images (CNN)`, async () => {
    expect(problem, problem ?? '').toBeNull();
    const root = mkdtempSync(join(tmpdir(), 'ltl-own-'));
    const cases = [
      { name: 'csv-ce', id: 'ce', images: false },
      { name: 'csv-balanced-softmax', id: 'balanced-softmax', images: false },
      { name: 'images-ce', id: 'ce', images: true },
    ];
    const expected = new Map<string, { losses: number[]; testLoss: number }>();
    const folders: string[] = [];
    for (const c of cases) {
      const config = ownConfig(c.id, c.images);
      const dataset = buildDataset(config.dataset, config.seed, undefined, c.images ? ownImages() : ownTable());
      expected.set(c.name, await appLosses(config, dataset));
      folders.push(writeProject(pytorchProject(config, dataset), c.name, root));
    }
    const out = runPython([join(folders[0] ?? '', 'train.py'), '--check-steps', String(STEPS), ...folders], { timeoutMs: 180_000 });
    const got = new Map(
      out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { dir: string; losses: number[]; testLoss: number })
        .map((row) => [basename(row.dir), row] as const),
    );
    const report: string[] = [];
    for (const [name, app] of expected) {
      const torch = got.get(name);
      const losses = app.losses.length === STEPS && torch ? relative(app.losses, torch.losses) : Infinity;
      const testLoss = torch ? relative([app.testLoss], [torch.testLoss]) : Infinity;
      console.log(`${name}: max relative difference losses ${losses.toExponential(2)}, test loss ${testLoss.toExponential(2)} (app ${app.losses[0]?.toFixed(5)} → ${app.losses.at(-1)?.toFixed(5)})`);
      if (!(losses <= RELATIVE && testLoss <= RELATIVE)) report.push(`${name}: losses ${losses}, test loss ${testLoss} relative`);
    }
    expect(report, report.join('\n')).toEqual([]);
  }, 240_000);

  it('trains to the end on an own CSV with train.py, to the app’s test accuracy', async () => {
    expect(problem, problem ?? '').toBeNull();
    const config = ownConfig('balanced-softmax', false);
    const dataset = buildDataset(config.dataset, config.seed, undefined, ownTable());
    const trainer = new Trainer(config, dataset);
    let app: number | undefined;
    for await (const s of trainingLoop(trainer, { maxSteps: 1000, maxMs: Infinity })) app = s.test.accuracy;
    trainer.dispose();
    const dir = writeProject(pytorchProject(config, dataset), 'own-csv');
    runPython([join(dir, 'train.py'), '--device', 'cpu', '--out', join(dir, 'results.json')], { cwd: dir, env: { OMP_NUM_THREADS: '1' }, timeoutMs: 120_000 });
    const torch = (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { test: { accuracy: number } }).test.accuracy;
    console.log(`own CSV, balanced softmax, ${config.epochs} epochs: app accuracy ${app?.toFixed(4)}, PyTorch ${torch.toFixed(4)}`);
    expect(app).toBeDefined();
    expect(Math.abs(torch - (app ?? NaN))).toBeLessThanOrEqual(0.02);
  }, 180_000);
});
