import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfig } from '../config';
import { buildDataset } from '../data/build';
import { digitsPools } from '../test/pools';
import { Rng } from '../rng';
import { useCpuBackend } from '../test/setup';
import { Trainer } from '../trainer';
import { prepareRun, prepareRunToEnd, type PhaseProgress } from './phase';
import { drawUnlabelledPool, unlabelledCounts, withUnlabelledPool } from './pool';
import { scorePseudoLabels } from './pseudoLabel';
import { drawRotations, rotateRows, rotationIndex } from './rotation';

beforeAll(useCpuBackend);

function config(input: Record<string, unknown>): RunConfig {
  const parsed = parseRunConfig(input);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.config;
}

const small = (unlabelled: Record<string, unknown>, images = false) =>
  config({
    seed: 4,
    dataset: images ? { kind: 'digits', classes: 5, nMax: 40, rho: 10, testPerClass: 20 } : { kind: 'blobs', classes: 5, nMax: 60, rho: 10, testPerClass: 20 },
    model: images ? { kind: 'cnn', filters1: 4, filters2: 4, dense: 8 } : { width: 8, depth: 1 },
    batchSize: 32,
    epochs: 2,
    unlabelled: { pretrainEpochs: 2, ...unlabelled },
  });

describe('unlabelled pool', () => {
  it('sizes it as the authors do: ratio × labelled, falling by ρ_U, scaled to the total (hand-computed)', () => {
    // total 550, first 275; raw [275, ⌊27.5⌋ = 27], sum 302; ⌊275·550/302⌋ = 500, ⌊27·550/302⌋ = 49.
    expect(unlabelledCounts([100, 10], 5, 10)).toEqual([500, 49]);
    expect(unlabelledCounts([30, 20, 10], 2, 1)).toEqual([40, 40, 40]);
  });

  it('draws 2-D points of the same mixture, seeded apart from the labelled data', () => {
    const cfg = small({ kind: 'pseudo-label', ratio: 2, rhoU: 1 });
    const dataset = buildDataset(cfg.dataset, cfg.seed);
    const pool = drawUnlabelledPool(cfg, dataset);
    const labelled = dataset.train.y.length;
    expect(pool.y.length).toBe(unlabelledCounts(dataset.train.counts, 2, 1).reduce((a, b) => a + b, 0));
    expect(pool.y.length).toBeGreaterThan(1.9 * labelled);
    expect(pool.x.slice(0, 2)).not.toEqual(dataset.train.x.slice(0, 2));
    expect(drawUnlabelledPool(cfg, dataset).x).toEqual(pool.x);
  });

  it('takes only images the run did not draw, at most what each class has left', () => {
    const pools = digitsPools();
    const cfg = small({ kind: 'pseudo-label', ratio: 10, rhoU: 1 }, true);
    const dataset = buildDataset(cfg.dataset, cfg.seed, pools);
    const pool = drawUnlabelledPool(cfg, dataset, pools.train);
    const key = (x: Float32Array, i: number) => x.slice(i * 64, i * 64 + 64).join(',');
    const labelled = new Set(Array.from(dataset.train.y, (_, i) => key(dataset.train.x, i)));
    expect(labelled.size).toBeGreaterThan(0.9 * dataset.train.y.length);
    const size = pool.y.length;
    let shared = 0;
    for (let i = 0; i < size; i++) if (labelled.has(key(pool.x, i))) shared++;
    expect(shared).toBe(0);
    // The check can fail: the labelled images themselves are all found.
    expect(Array.from(dataset.train.y, (_, i) => labelled.has(key(dataset.train.x, i))).every(Boolean)).toBe(true);
    // 10 × 130 labelled images asked for 260 per class; class c has 125ish − n_c left.
    pool.counts.forEach((n, c) => expect(n).toBe((pools.train.entry.counts[c] ?? 0) - (dataset.train.counts[c] ?? 0)));
  });

  it('scores pseudo-labels per true class and counts what each class was given', () => {
    const r = scorePseudoLabels([0, 0, 1, 0], Int32Array.from([0, 1, 1, 1]), 3);
    expect(r.perClassAccuracy[0]).toBe(1);
    expect(r.perClassAccuracy[1]).toBeCloseTo(1 / 3);
    expect(r.perClassAccuracy[2]).toBeNaN();
    expect(r.pseudoCounts).toEqual([3, 1, 0]);
    expect(r.accuracy).toBe(0.5);
  });
});

describe('rotations', () => {
  it('turns the first spatial axis towards the second, as torch.rot90(x, k, [H, W])', () => {
    // 2 × 2 image [[a, b], [c, d]]: rot90 once gives [[b, d], [a, c]].
    const x = Float32Array.from([1, 2, 3, 4]);
    const maps = [0, 1, 2, 3].map((k) => rotationIndex(2, 2, 1, k));
    expect(Array.from(rotateRows(x, 4, [0], [1], maps))).toEqual([2, 4, 1, 3]);
    expect(Array.from(rotateRows(x, 4, [0], [2], maps))).toEqual([4, 3, 2, 1]);
    expect(Array.from(rotateRows(x, 4, [0], [3], maps))).toEqual([3, 1, 4, 2]);
  });

  it('draws every rotation about equally often in a batch (a permutation of [0,1,2,3] repeated)', () => {
    const r = drawRotations(10, new Rng(1));
    const counts = [0, 1, 2, 3].map((k) => r.filter((v) => v === k).length);
    expect(r.length).toBe(10);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(3);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
  });
});

describe('extra phase', () => {
  it('pseudo-labels: reports progress, trains the union, keeps the labelled splits, same result for the same seed', async () => {
    const cfg = small({ kind: 'pseudo-label', ratio: 2, rhoU: 10 });
    const dataset = withUnlabelledPool(cfg, buildDataset(cfg.dataset, cfg.seed));
    const phase = prepareRun(cfg, dataset);
    const progress: PhaseProgress[] = [];
    let next = await phase.next();
    while (!next.done) {
      progress.push(next.value);
      next = await phase.next();
    }
    const prepared = next.value;
    expect(progress.some((p) => /epoch 2 of 2/.test(p.text))).toBe(true);
    expect(progress.every((p) => p.phase === 'pseudo-label')).toBe(true);
    const poolSize = dataset.unlabelled?.y.length ?? 0;
    expect(prepared.dataset.train.y.length).toBe(dataset.train.y.length + poolSize);
    expect(prepared.dataset.labelledCounts).toEqual(dataset.train.counts);
    expect(prepared.report?.kind).toBe('pseudo-label');
    const again = await prepareRunToEnd(cfg, dataset);
    expect(again.dataset.train.y).toEqual(prepared.dataset.train.y);
    const trainer = new Trainer(cfg, prepared.dataset);
    const plain = new Trainer(cfg, dataset);
    expect(trainer.splits).toEqual(plain.splits);
    expect(trainer.stepsPerEpoch).toBeGreaterThan(plain.stepsPerEpoch);
    trainer.dispose();
    plain.dispose();
  }, 60_000);

  it('rotation pre-training: the run starts from the pre-trained backbone, with its own head', async () => {
    const pools = digitsPools();
    const cfg = small({ kind: 'rotation-pretrain' }, true);
    const dataset = buildDataset(cfg.dataset, cfg.seed, pools);
    const before = tf.memory().numTensors;
    const prepared = await prepareRunToEnd(cfg, dataset);
    const backbone = prepared.backbone ?? [];
    expect(backbone.length).toBe(6);
    const trainer = new Trainer(cfg, dataset, {}, { backbone });
    const scratch = new Trainer({ ...cfg, unlabelled: { ...cfg.unlabelled, kind: 'none' } }, dataset);
    const weights = (t: Trainer) => (t['parts'].model as { backboneVariables: tf.Variable[]; headVariables: tf.Variable[] });
    expect(Array.from(weights(trainer).backboneVariables[0]?.dataSync() ?? [])).toEqual(Array.from(backbone[0]?.dataSync() ?? []));
    expect(Array.from(weights(trainer).backboneVariables[0]?.dataSync() ?? [])).not.toEqual(Array.from(weights(scratch).backboneVariables[0]?.dataSync() ?? []));
    expect(Array.from(weights(trainer).headVariables[0]?.dataSync() ?? [])).toEqual(Array.from(weights(scratch).headVariables[0]?.dataSync() ?? []));
    // Multi-expert methods share the pre-trained first conv block. Each expert's own stage (last conv
    // block + dense) gets a copy of the pre-trained one at TLC's full width; at ¾ width (RIDE, SADE)
    // it has no pre-trained counterpart and keeps its initialisation.
    const values = (t: tf.Tensor | undefined) => Array.from(t?.dataSync() ?? []);
    for (const id of ['ride', 'sade', 'tlc']) {
      const experts = new Trainer({ ...cfg, method: { id, params: {} } }, dataset, {}, { backbone });
      const model = experts['parts'].ensemble?.model;
      expect(model?.sharedVariableCount, id).toBe(2);
      expect(values(model?.backboneVariables[0]), id).toEqual(values(backbone[0]));
      const stageConv = model?.backboneVariables[2];
      if (id === 'tlc') expect(values(stageConv), id).toEqual(values(backbone[2]));
      else expect(stageConv?.shape[3], id).toBe(Math.round(0.75 * (backbone[2]?.shape[3] ?? 0)));
      experts.dispose();
    }
    const report = prepared.report?.kind === 'rotation-pretrain' ? prepared.report.rotation : undefined;
    expect(report?.epochs).toBe(2);
    expect(report?.finalLoss).toBeLessThan(Math.log(4) + 0.2);
    backbone.forEach((t) => t.dispose());
    trainer.dispose();
    scratch.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});

describe('settings', () => {
  it('refuses rotation pre-training on 2-D points and pseudo-labels on own data, with a reason', () => {
    const rot = parseRunConfig({ unlabelled: { kind: 'rotation-pretrain' } });
    expect(rot.ok).toBe(false);
    expect(!rot.ok && rot.errors.join()).toMatch(/images only/);
    const own = parseRunConfig({ dataset: { kind: 'own' }, unlabelled: { kind: 'pseudo-label' } });
    expect(!own.ok && own.errors.join()).toMatch(/unlabelled pool/);
    expect(parseRunConfig({ dataset: { kind: 'digits', nMax: 100, rho: 10, testPerClass: 50 }, model: { kind: 'cnn' }, unlabelled: { kind: 'rotation-pretrain' } }).ok).toBe(true);
    expect(parseRunConfig({ unlabelled: { kind: 'pseudo-label', rhoU: 0.5 } }).ok).toBe(false);
  });
});
