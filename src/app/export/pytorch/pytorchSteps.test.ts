/**
 * Step-by-step cross-check of every method against its PyTorch counterpart (issues #12, #13):
 * the app's trainer (tfjs, CPU backend) records its first 20 training losses on a small 2-D
 * run; the exported train.py, from the same initial weights, batches and random draws, must
 * give the same losses within 1e-3 relative. One Python process checks every method.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfig } from '../../../training/config';
import manifest from '../../../../public/data/manifest.json';
import { buildDataset, type ImagePools } from '../../../training/data/build';
import { decodePool, type PoolEntry } from '../../../training/data/images';
import type { Dataset } from '../../../training/data/dataset';
import { crossEntropy } from '../../../training/methods/losses';
import { METHODS } from '../../../training/methods/registry';
import { useCpuBackend } from '../../../training/test/setup';
import { Trainer } from '../../../training/trainer';
import { prepareRunToEnd } from '../../../training/unlabelled/phase';
import { withUnlabelledPool } from '../../../training/unlabelled/pool';
import { labellingConfig } from '../../../training/unlabelled/pseudoLabel';
import { pytorchProject, TRAIN_PY } from './bundle';
import { runPython, torchProblem, writeProject } from './pythonRunner';

const STEPS = 20;
const RELATIVE = 1e-3;

/**
 * Settings that bring each method's later phases into the first 20 steps (9 steps per epoch,
 * 27 in all): DRW from step 14 (LDAM-DRW, RIDE's per-class temperatures, Remix-DRW; TLC's from
 * step 10, so that its per-class diversity temperatures reach the test loss), the
 * second stage of cRT, LWS and MiSLAS from step 9 (epoch 1), mixup and Remix at α = 1 so that λ
 * is away from 0 and 1 and Remix's label rule fires, class-balanced focal weights, and a
 * test-time learning rate at which SADE's aggregation weights move visibly from equal.
 */
const CHECK_PARAMS: Record<string, Record<string, number>> = {
  focal: { beta: 0.999 },
  'ldam-drw': { drwStart: 0.5 },
  ride: { drwStart: 0.5 },
  tlc: { drwStart: 0.34 },
  crt: { stage2Start: 0.34 },
  lws: { stage2Start: 0.34 },
  'label-aware-smoothing': { stage2Start: 0.34 },
  mixup: { alpha: 1 },
  remix: { alpha: 1, drwStart: 0.5 },
  mdcs: { warmup: 0.2 },
  sade: { ttaLearningRate: 1 },
  // Warm-up epoch 0 (supervised contrastive), k-means at the start of epoch 1 (step 9), stage 2 from epoch 2 (step 18).
  sbcl: { warmup: 0.34, recluster: 0.34, stage2Start: 0.67 },
  // 10 teacher steps, then the ViT: DRW (and the end of mixing) from its 7th step.
  'deit-lt': { teacherEpochs: 1, drwStart: 0.2 },
};

/** Weight decay (coupled L2, as PyTorch's weight_decay) under both optimisers: Kang et al.'s SGD for τ-norm, Adam for LDAM-DRW. */
const CHECK_OPTIMIZER: Record<string, Record<string, number | string>> = {
  'tau-norm': { kind: 'sgd', learningRate: 0.1, momentum: 0.9, weightDecay: 5e-4 },
  'ldam-drw': { kind: 'adam', learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4 },
};

/**
 * The methods also checked on images with the CNN: plain; RIDE, SADE, TLC and MDCS, whose experts own
 * the last conv block and the dense layer (at ¾ width, TLC's at full width; SADE with its test-time aggregation on image
 * views, MDCS and SBCL with theirs: shift, noise, cut-out); BatchFormer on CNN features.
 */
const IMAGE_METHODS = ['ce', 'ride', 'sade', 'tlc', 'mdcs', 'crt', 'sbcl', 'batchformer'];

/** The methods checked with the ViT on digits: plain (any single-model method may use it), and DeiT-LT, which needs it. */
const VIT_METHODS = ['ce', 'deit-lt'];

function checkConfig(id: string, images = false, vit = false, overrides: Record<string, unknown> = {}): RunConfig {
  const parsed = parseRunConfig({
    seed: 5,
    dataset: images ? { kind: 'digits', classes: 5, nMax: 60, rho: 10, testPerClass: 20 } : { kind: 'blobs', classes: 5, nMax: 60, rho: 10, testPerClass: 20 },
    model: vit ? { kind: 'vit', vitWidth: 16, vitBlocks: 2, vitHeads: 4, filters1: 4, filters2: 8, dense: 16 } : images ? { kind: 'cnn', filters1: 4, filters2: 8, dense: 16 } : { width: 16, depth: 2 },
    optimizer: CHECK_OPTIMIZER[id] ?? { kind: id === 'lws' ? 'sgd' : 'adam', learningRate: 0.01, momentum: 0.9 },
    batchSize: 16,
    epochs: 3,
    method: { id, params: CHECK_PARAMS[id] ?? {} },
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.config;
}

/**
 * Optimiser and model kinds beyond the methods' own (issue #17): Muon with its auxiliary AdamW
 * (decoupled decay) on the MLP and on the CNN (conv kernels flattened), and the associative
 * memory's linear W under Adam and Muon.
 */
const MUON = { kind: 'muon', learningRate: 0.01, muonLearningRate: 0.02, weightDecay: 0.01 };
const ASSOC = { kind: 'assoc-memory', classes: 5, memoryDim: 8, profile: 'power', nMax: 60, rho: 10, testPerClass: 10 };
const OPTIMIZER_CASES: { name: string; images: boolean; overrides: Record<string, unknown> }[] = [
  { name: 'ce-muon', images: false, overrides: { optimizer: MUON } },
  { name: 'ce-muon-cnn', images: true, overrides: { optimizer: MUON } },
  { name: 'ce-assoc-adam', images: false, overrides: { dataset: ASSOC, model: { kind: 'assoc' } } },
  { name: 'balanced-softmax-assoc-muon', images: false, overrides: { dataset: ASSOC, model: { kind: 'assoc' }, optimizer: { ...MUON, muonLearningRate: 0.1 } } },
];

/**
 * RIDE with its router (issue #12): one RIDE epoch (8 steps), then the router's stage, trained
 * alone with its own SGD (its cosine rate steps down after another 8), and the test loss of the
 * routed prediction; on the 2-D blobs and on the CNN.
 */
const ROUTER_CASES = [false, true].map((images) => ({
  id: 'ride',
  images,
  vit: false,
  name: images ? 'ride-router-cnn' : 'ride-router',
  overrides: { epochs: 1, method: { id: 'ride', params: { drwStart: 0.5, router: 1 } } },
}));

/** What both sides report for one method: losses per step, then the prediction and each expert after them. */
interface StepCheck {
  losses: number[];
  testLoss: number;
  expertTestLoss?: number[];
  aggregationWeights?: number[];
}

/**
 * The app's first `steps` training losses (Trainer.evaluate reads the mean since the last call),
 * then its test loss (post-hoc heads, LWS's scales and the experts' aggregation included), each
 * expert's test loss, and SADE's test-time aggregation weights.
 */
async function appCheck(trainer: Trainer, dataset: Dataset, steps: number): Promise<StepCheck> {
  await trainer.evaluate();
  const losses: number[] = [];
  for (let i = 0; i < steps && !trainer.done; i++) {
    trainer.trainStep();
    losses.push((await trainer.evaluate({ test: false })).trainLoss);
  }
  const check: StepCheck = { losses, testLoss: (await trainer.evaluate()).test.loss };
  // The ensemble is private to the trainer; the test reads each expert's logits through it.
  const ensemble = trainer['parts'].ensemble;
  if (ensemble) {
    const perExpert = tf.tidy(() => {
      const x = tf.tensor2d(dataset.test.x, [dataset.test.y.length, dataset.inputShape.reduce((a, b) => a * b, 1)]);
      return ensemble.expertLogits(x).map((z) => crossEntropy(z, tf.tensor1d(dataset.test.y, 'int32')));
    });
    check.expertTestLoss = perExpert.map((t) => t.dataSync()[0] ?? NaN);
    perExpert.forEach((t) => t.dispose());
  }
  for await (const pass of trainer.runTestTimeAggregation()) check.aggregationWeights = pass.weights;
  return check;
}

/** Largest |a − b| / |a| over the pairs; Infinity when the lengths differ or a value is missing. */
function maxRelative(app: readonly number[] | undefined, torch: readonly number[] | undefined): number {
  if (!app || !torch || app.length !== torch.length) return app === torch ? 0 : Infinity;
  return Math.max(0, ...app.map((a, i) => Math.abs(a - (torch[i] ?? NaN)) / Math.max(Math.abs(a), 1e-6)).map((r) => (Number.isNaN(r) ? Infinity : r)));
}

/** The shipped digits pools, read from public/data as the worker would download them. */
function digitsPools(): ImagePools {
  const entries = manifest.files as unknown as Record<string, PoolEntry>;
  const load = (key: string) => {
    const entry = entries[key];
    if (!entry) throw new Error(`no ${key} in the manifest`);
    return decodePool(entry, new Uint8Array(gunzipSync(readFileSync(new URL(`../../../../public/data/${entry.file}`, import.meta.url)))));
  };
  return { train: load('digits-train'), test: load('digits-test') };
}

const problem = torchProblem();

describe('PyTorch export, step by step', () => {
  beforeAll(useCpuBackend);

  it('has a PyTorch environment (CI installs Debian python3-torch)', () => {
    expect(problem, problem ?? '').toBeNull();
  });

  it('has a PyTorch unit for every method of the registry, and none besides', () => {
    const listed = JSON.parse(runPython([join(writeProject({ 'train.py': TRAIN_PY }, 'list'), 'train.py'), '--list-methods'])) as string[];
    expect(listed).toEqual(METHODS.map((m) => m.id));
  });

  it(`gives every method's first ${STEPS} training losses within ${RELATIVE} relative of the app's`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'ltl-steps-'));
    const expected = new Map<string, StepCheck>();
    const folders: string[] = [];
    const pools = digitsPools();
    const cases = [
      ...METHODS.filter((m) => !m.model).map((m) => ({ id: m.id, images: false, vit: false, name: m.id, overrides: {} })),
      ...IMAGE_METHODS.map((id) => ({ id, images: true, vit: false, name: `${id}-cnn`, overrides: {} })),
      ...VIT_METHODS.map((id) => ({ id, images: true, vit: true, name: `${id}-vit`, overrides: {} })),
      ...OPTIMIZER_CASES.map((c) => ({ ...c, vit: false, id: c.name.startsWith('balanced-softmax') ? 'balanced-softmax' : 'ce' })),
      ...ROUTER_CASES,
    ];
    for (const { id, images, vit, name, overrides } of cases) {
      const config = checkConfig(id, images, vit, overrides);
      const dataset = buildDataset(config.dataset, config.seed, images ? pools : undefined);
      const trainer = new Trainer(config, dataset);
      expected.set(name, await appCheck(trainer, dataset, STEPS));
      trainer.dispose();
      folders.push(writeProject(pytorchProject(config, dataset), name, root));
    }
    const out = runPython([join(folders[0] ?? '', 'train.py'), '--check-steps', String(STEPS), ...folders], { timeoutMs: 300_000 });
    const got = new Map(
      out
        .trim()
        .split('\n')
        .map((line) => {
          const row = JSON.parse(line) as StepCheck & { dir: string };
          return [basename(row.dir), row] as const;
        }),
    );
    const report: string[] = [];
    for (const name of expected.keys()) {
      const app = expected.get(name);
      const torch = got.get(name);
      if (!app || !torch) {
        report.push(`${name}: no PyTorch result`);
        continue;
      }
      const differences = {
        losses: app.losses.length === STEPS ? maxRelative(app.losses, torch.losses) : Infinity,
        testLoss: maxRelative([app.testLoss], [torch.testLoss]),
        expertTestLoss: maxRelative(app.expertTestLoss, torch.expertTestLoss),
        aggregationWeights: maxRelative(app.aggregationWeights, torch.aggregationWeights),
      };
      const worst = Object.entries(differences).filter(([, d]) => !(d <= RELATIVE));
      console.log(`${name}: max relative difference ${Object.entries(differences).map(([k, d]) => `${k} ${d.toExponential(2)}`).join(', ')}`);
      if (worst.length > 0) report.push(`${name}: ${worst.map(([k, d]) => `${k} differs by ${d} relative`).join('; ')} (app losses ${app.losses.slice(0, 3).join(', ')}…, torch ${torch.losses.slice(0, 3).join(', ')}…)`);
    }
    expect(report, report.join('\n')).toEqual([]);
  }, 240_000);

  it(`gives the first ${STEPS} losses of each unlabelled-data phase and of the run after it within ${RELATIVE} relative`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'ltl-unlabelled-'));
    const pools = digitsPools();
    const cases = [
      { name: 'pseudo-label', images: false, unlabelled: { kind: 'pseudo-label', ratio: 2, rhoU: 10 } },
      { name: 'rotation-pretrain', images: true, unlabelled: { kind: 'rotation-pretrain', pretrainEpochs: 3 } },
      // Experts that own the last conv block and dense layer: TLC's full-width stages take copies, RIDE's ¾-width ones not.
      { name: 'rotation-pretrain-tlc', method: 'tlc', images: true, unlabelled: { kind: 'rotation-pretrain', pretrainEpochs: 3 } },
      { name: 'rotation-pretrain-ride', method: 'ride', images: true, unlabelled: { kind: 'rotation-pretrain', pretrainEpochs: 3 } },
    ] as const;
    const expected = new Map<string, { phase: number[]; losses: number[] }>();
    const folders: string[] = [];
    for (const c of cases) {
      const base = checkConfig('method' in c ? c.method : 'ce', c.images);
      const config = { ...base, unlabelled: { ...base.unlabelled, ...c.unlabelled } };
      const dataset = withUnlabelledPool(config, buildDataset(config.dataset, config.seed, c.images ? pools : undefined), c.images ? pools.train : undefined);
      const phase: number[] = [];
      if (c.name === 'pseudo-label') {
        const teacher = new Trainer(labellingConfig(config), { ...dataset, unlabelled: undefined });
        phase.push(...(await appCheck(teacher, dataset, STEPS)).losses);
        teacher.dispose();
      }
      const prepared = await prepareRunToEnd(config, dataset, {}, c.unlabelled.kind === 'rotation-pretrain' ? phase : undefined);
      const trainer = new Trainer(config, prepared.dataset, {}, { backbone: prepared.backbone });
      prepared.backbone?.forEach((t) => t.dispose());
      expected.set(c.name, { phase: phase.slice(0, STEPS), losses: (await appCheck(trainer, prepared.dataset, STEPS)).losses });
      trainer.dispose();
      folders.push(writeProject(pytorchProject(config, dataset), c.name, root));
    }
    const out = runPython([join(folders[0] ?? '', 'train.py'), '--check-steps', String(STEPS), ...folders], { timeoutMs: 300_000 });
    const rows = out.trim().split('\n').map((line) => JSON.parse(line) as { dir: string; losses: number[]; phaseLosses?: number[] });
    for (const c of cases) {
      const app = expected.get(c.name);
      const torch = rows.find((r) => basename(r.dir) === c.name);
      console.log(`${c.name}: phase ${maxRelative(app?.phase, torch?.phaseLosses).toExponential(2)}, run ${maxRelative(app?.losses, torch?.losses).toExponential(2)} (app phase ${app?.phase.slice(0, 2).join(', ')}…, torch ${torch?.phaseLosses?.slice(0, 2).join(', ')}…)`);
      expect(app?.phase.length, c.name).toBe(STEPS);
      expect(maxRelative(app?.phase, torch?.phaseLosses), `${c.name}: phase`).toBeLessThanOrEqual(RELATIVE);
      expect(maxRelative(app?.losses, torch?.losses), `${c.name}: run`).toBeLessThanOrEqual(RELATIVE);
    }
  }, 240_000);
});
