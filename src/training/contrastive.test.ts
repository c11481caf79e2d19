import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import manifest from '../../public/data/manifest.json';
import { parseRunConfig } from './config';
import { decodePool, type PoolEntry } from './data/images';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from './data/build';
import { sbclLoss, supConLoss } from './methods/contrastive';
import { trainingLoop } from './run';
import { smallConfig, useCpuBackend } from './test/setup';
import { Trainer } from './trainer';

beforeAll(useCpuBackend);

/** Stage 1 from epoch 0, warm-up 1 epoch, k-means every epoch, stage 2 from epoch 4 of 6. */
const sbclConfig = () => smallConfig({ epochs: 6, method: { id: 'sbcl', params: { warmup: 0.17, recluster: 0.1, stage2Start: 0.67 } } });

describe('SBCL in the trainer', () => {
  it('keeps the tensor count flat across epochs and clusterings, and frees everything on dispose', async () => {
    const before = tf.memory().numTensors;
    const cfg = sbclConfig();
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
    const counts: number[] = [];
    for await (const _ of trainingLoop(trainer, { maxSteps: trainer.stepsPerEpoch, maxMs: Infinity })) counts.push(tf.memory().numTensors);
    // Snapshot 0 precedes the optimiser's moments, 1 the fresh optimiser of stage 2 (epoch 4).
    const stage1 = counts.slice(2, 5);
    const stage2 = counts.slice(6);
    expect(new Set(stage1).size).toBe(1);
    expect(new Set(stage2).size).toBe(1);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains backbone and projection in stage 1 (classifier untouched), then only a re-drawn classifier; the view follows the clustering', async () => {
    const cfg = sbclConfig();
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
    const model = trainer['classifier'];
    const projection = trainer['parts'].contrastive?.variables ?? [];
    const read = (vs: tf.Variable[]) => vs.map((v) => Array.from(v.dataSync()));
    const head0 = read(model.headVariables);
    const backbone0 = read(model.backboneVariables);
    const projection0 = read(projection);
    const epochs: number[] = [];
    let atSwitch: number[][][] = [];
    for await (const s of trainingLoop(trainer, { maxSteps: trainer.stepsPerEpoch, maxMs: Infinity })) {
      epochs.push(s.subclasses?.epoch ?? NaN);
      if (s.step === trainer.secondStageStartStep) {
        expect(read(model.headVariables)).toEqual(head0);
        expect(read(model.backboneVariables)).not.toEqual(backbone0);
        expect(read(projection)).not.toEqual(projection0);
        atSwitch = [read(model.backboneVariables), read(projection), read(model.headVariables)];
      }
    }
    expect(read(model.backboneVariables)).toEqual(atSwitch[0]);
    expect(read(projection)).toEqual(atSwitch[1]);
    expect(read(model.headVariables)).not.toEqual(atSwitch[2]);
    // Evaluations after epochs 0…6: warm-up (−1), clustered at the start of epochs 1, 2, 3; stage 2 keeps the last.
    expect(epochs).toEqual([-1, -1, 1, 2, 3, 3, 3]);
    trainer.dispose();
  });
});

function pool(key: string) {
  const entry = (manifest.files as unknown as Record<string, PoolEntry>)[key] as PoolEntry;
  return decodePool(entry, new Uint8Array(gunzipSync(readFileSync(new URL(`../../public/data/${entry.file}`, import.meta.url)))));
}

describe('SBCL on images', () => {
  it('trains the CNN with image views and shows the embedding plane only (no input plane)', async () => {
    const parsed = parseRunConfig({
      seed: 2,
      dataset: { kind: 'digits', classes: 4, nMax: 40, rho: 4, testPerClass: 10 },
      model: { kind: 'cnn', filters1: 4, filters2: 8, dense: 16 },
      batchSize: 32,
      epochs: 3,
      method: { id: 'sbcl', params: { warmup: 0.34, recluster: 0.34, stage2Start: 0.67 } },
    });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const cfg = parsed.config;
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed, { train: pool('digits-train'), test: pool('digits-test') }));
    let last;
    for await (const s of trainingLoop(trainer, { maxSteps: 1000, maxMs: Infinity })) last = s;
    trainer.dispose();
    const sub = last?.subclasses;
    expect(Number.isFinite(last?.trainLoss)).toBe(true);
    expect(sub?.input).toBeUndefined();
    expect(sub?.epoch).toBe(1);
    expect(sub?.embedding.length).toBe(2 * (sub?.labels.length ?? NaN));
    // Counts 40, 25, 15, 10: K_c = 4, 2, 1, 1.
    expect(Array.from(sub?.perClass ?? [])).toEqual([4, 2, 1, 1]);
    expect(Array.from(sub?.embedding ?? []).every(Number.isFinite)).toBe(true);
  });
});

describe('contrastive losses', () => {
  it('SupCon with one positive per anchor is the cross-entropy of picking it among the other rows', () => {
    // Two samples, two views: rows 0, 1 first views, 2, 3 second views, unit vectors.
    const z = tf.tensor2d([1, 0, 0, 1, 0.6, 0.8, 0.8, 0.6], [4, 2]);
    const groups = tf.tensor1d([0, 1, 0, 1], 'int32');
    const value = supConLoss(z, groups, 0.5, 0.5).dataSync()[0] ?? NaN;
    const dot = (a: number[], b: number[]) => (a[0] ?? 0) * (b[0] ?? 0) + (a[1] ?? 0) * (b[1] ?? 0);
    const rows = [[1, 0], [0, 1], [0.6, 0.8], [0.8, 0.6]];
    let expected = 0;
    rows.forEach((r, i) => {
      const p = (i + 2) % 4;
      const others = rows.filter((_, j) => j !== i).map((o) => Math.exp(dot(r, o) / 0.5));
      expected += -(dot(r, rows[p] ?? []) / 0.5 - Math.log(others.reduce((a, b) => a + b, 0)));
    });
    expect(value).toBeCloseTo(expected / 4, 5);
  });

  it('SBCL with every sample its own subclass and β = 0 is SupCon on the subclasses scaled by τ/τ_b', () => {
    const z = tf.tidy(() => tf.div(tf.tensor2d([1, 0.2, 0.1, 1, 0.7, 0.8, 0.9, 0.5, -1, 0.3, -0.2, -1], [6, 2]), 1));
    const unit = tf.tidy(() => tf.div(z, tf.norm(z, 2, 1, true))) as tf.Tensor2D;
    const labels = tf.tensor1d([0, 0, 1, 0, 0, 1], 'int32');
    const subclasses = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
    const temps = tf.fill([6], 0.1) as tf.Tensor1D;
    const sbcl = sbclLoss(unit, labels, subclasses, temps, { temperature: 0.1, baseTemperature: 0.07, beta: 0 }).dataSync()[0] ?? NaN;
    const supCon = supConLoss(unit, subclasses, 0.1, 0.07).dataSync()[0] ?? NaN;
    expect(sbcl).toBeCloseTo(supCon, 5);
    // β > 0 adds the class term, which is positive (a negative log-probability).
    const withClass = sbclLoss(unit, labels, subclasses, temps, { temperature: 0.1, baseTemperature: 0.07, beta: 0.25 }).dataSync()[0] ?? NaN;
    expect(withClass).toBeGreaterThan(sbcl);
  });
});
