import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from './data/build';
import { trainingLoop } from './run';
import { DivergenceError, Trainer } from './trainer';
import { smallConfig, trainToEnd, useCpuBackend } from './test/setup';

beforeAll(useCpuBackend);

const config = smallConfig;

describe('Trainer', () => {
  it('gives the same numbers for the same seed and different ones for another seed', async () => {
    const a = await trainToEnd(config());
    const b = await trainToEnd(config());
    const c = await trainToEnd(config({ seed: 4 }));
    expect(b.trainLoss).toBe(a.trainLoss);
    expect(Array.from(b.test.perClass)).toEqual(Array.from(a.test.perClass));
    expect(c.trainLoss).not.toBe(a.trainLoss);
  });

  it('does not grow the tensor count across epochs, and frees everything on dispose', async () => {
    const before = tf.memory().numTensors;
    const cfg = config({ epochs: 6 });
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
    const counts: number[] = [];
    const loop = trainingLoop(trainer, { maxSteps: trainer.stepsPerEpoch, maxMs: Infinity });
    for await (const _ of loop) counts.push(tf.memory().numTensors);
    // Snapshot 0 is before the optimiser allocated its moments; after that the count is flat.
    expect(new Set(counts.slice(2)).size).toBe(1);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(['mixup', 'remix', 'ldam-drw', 'tau-norm', 'la-posthoc', 'crt', 'lws'])(
    'keeps the tensor count flat within each stage for %s, post-hoc evaluations included',
    async (id) => {
      const before = tf.memory().numTensors;
      const cfg = config({ epochs: 6, method: { id } });
      const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
      const counts: number[] = [];
      for await (const _ of trainingLoop(trainer, { maxSteps: trainer.stepsPerEpoch, maxMs: Infinity })) counts.push(tf.memory().numTensors);
      // Two-stage methods switch at epoch 4 of 6 (0.7 · 6 rounds to 4), with a fresh optimiser
      // that has fewer moments (head or scales only): flat within each stage, never more.
      const split = trainer.secondStageStartStep === null ? counts.length : trainer.secondStageStartStep / trainer.stepsPerEpoch + 1;
      expect(new Set(counts.slice(1, split)).size).toBe(1);
      if (split < counts.length) {
        expect(new Set(counts.slice(split)).size).toBe(1);
        expect(counts[split]).toBeLessThanOrEqual(counts[1] ?? 0);
      }
      trainer.setPosthoc(0.5);
      await trainer.evaluate();
      await trainer.headWeightNorms();
      expect(tf.memory().numTensors).toBe(counts[counts.length - 1]);
      trainer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it.each(['resampling', 'progressive-resampling', 'mixup', 'remix', 'crt'])('is deterministic from the seed with %s', async (id) => {
    const a = await trainToEnd(config({ method: { id } }));
    const b = await trainToEnd(config({ method: { id } }));
    const c = await trainToEnd(config({ method: { id }, seed: 4 }));
    expect(b.trainLoss).toBe(a.trainLoss);
    expect(Array.from(b.test.perClass)).toEqual(Array.from(a.test.perClass));
    expect(Array.from(b.headNorms)).toEqual(Array.from(a.headNorms));
    expect(c.trainLoss).not.toBe(a.trainLoss);
  });

  it('moves post-hoc predictions live after training, and evaluates repeatedly without steps', async () => {
    const cfg = config({ method: { id: 'la-posthoc', params: { tau: 1 } } });
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
    while (!trainer.done) trainer.trainStep();
    const adjusted = await trainer.evaluate();
    trainer.setPosthoc(0);
    const plain = await trainer.evaluate();
    const again = await trainer.evaluate();
    expect(adjusted.posthoc).toBe(1);
    expect(plain.posthoc).toBe(0);
    expect(Number.isNaN(plain.trainLoss)).toBe(true);
    expect(again.test.perClass).toEqual(plain.test.perClass);
    // Subtracting log π raises the rare classes' logits: the tail gains, and the head's weights are untouched.
    expect(adjusted.test.splits.few).toBeGreaterThan(plain.test.splits.few);
    expect(adjusted.headNorms).toEqual(plain.headNorms);
    // Out-of-range values are clamped to the knob's bounds (τ ∈ [0, 3]).
    trainer.setPosthoc(-2);
    expect((await trainer.evaluate()).posthoc).toBe(0);
    trainer.dispose();
  });

  it('τ-norm: the live τ sets the effective head norms (unit at τ = 1), and headWeightNorms follows it', async () => {
    const cfg = config({ method: { id: 'tau-norm' } });
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
    while (!trainer.done) trainer.trainStep();
    const unit = await trainer.evaluate();
    unit.headNorms.forEach((n) => expect(n).toBeCloseTo(1, 5));
    trainer.setPosthoc(0);
    const raw = await trainer.evaluate();
    expect(Math.max(...raw.headNorms) / Math.min(...raw.headNorms)).toBeGreaterThan(1.05);
    expect(Array.from(await trainer.headWeightNorms())).toEqual(Array.from(raw.headNorms));
    trainer.dispose();
  });

  it('cRT: stage 2 starts at an epoch boundary, freezes the backbone and trains a re-drawn head', async () => {
    const cfg = config({ epochs: 4, method: { id: 'crt', params: { stage2Start: 0.5 } } });
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
    expect(trainer.secondStageStartStep).toBe(2 * trainer.stepsPerEpoch);
    const model = trainer['classifier'];
    const read = (vs: tf.Variable[]) => vs.map((v) => Array.from(v.dataSync()));
    const stages: [number, number][] = [];
    let backboneAtSwitch: number[][] = [];
    let headAtSwitch: number[][] = [];
    for await (const s of trainingLoop(trainer, { maxSteps: 1, maxMs: Infinity })) {
      stages.push([s.step, s.stage]);
      if (s.step === trainer.secondStageStartStep) {
        backboneAtSwitch = read(model.backboneVariables);
        headAtSwitch = read(model.headVariables);
      }
    }
    const start = trainer.secondStageStartStep ?? NaN;
    expect(stages.every(([step, stage]) => stage === (step > start ? 2 : 1))).toBe(true);
    expect(read(model.backboneVariables)).toEqual(backboneAtSwitch);
    expect(read(model.headVariables)).not.toEqual(headAtSwitch);
    trainer.dispose();
    const single = config({ method: { id: 'ce' } });
    const ce = new Trainer(single, buildDataset(single.dataset, single.seed));
    expect(ce.secondStageStartStep).toBeNull();
    ce.dispose();
  });

  it('repeats the last test metrics when evaluation would exceed its share of the time, but always evaluates the end', async () => {
    const cfg = config({ epochs: 3 });
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
    const fresh: boolean[] = [];
    const accuracy: number[] = [];
    for await (const s of trainingLoop(trainer, { maxSteps: 2, maxMs: Infinity }, { evaluationShare: 0 })) {
      fresh.push(s.testFresh);
      accuracy.push(s.test.accuracy);
    }
    expect(fresh[0]).toBe(true); // the untrained model
    expect(fresh.slice(1, -1).every((f) => !f)).toBe(true);
    expect(fresh[fresh.length - 1]).toBe(true);
    expect(new Set(accuracy.slice(0, -1)).size).toBe(1); // repeated, not recomputed
    trainer.dispose();
  });

  it('LWS: stage 2 learns per-class logit scales only; head norms are the scaled ones', async () => {
    const cfg = config({ epochs: 4, method: { id: 'lws', params: { stage2Start: 0.5 } } });
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
    const model = trainer['classifier'];
    let rawNorms: Float32Array = new Float32Array(0);
    let weights: number[][] = [];
    // Every snapshot freshly evaluated, so the one at the switch holds the stage-1 norms.
    for await (const s of trainingLoop(trainer, { maxSteps: trainer.stepsPerEpoch, maxMs: Infinity }, { evaluationShare: Infinity })) {
      if (s.step === trainer.secondStageStartStep) {
        rawNorms = s.headNorms;
        weights = [...model.backboneVariables, ...model.headVariables].map((v) => Array.from(v.dataSync()));
      }
    }
    expect([...model.backboneVariables, ...model.headVariables].map((v) => Array.from(v.dataSync()))).toEqual(weights);
    const scales = Array.from(trainer['logitScales']?.dataSync() ?? []);
    expect(scales.some((f) => Math.abs(f - 1) > 1e-3)).toBe(true);
    const final = await trainer.headWeightNorms();
    final.forEach((n, j) => expect(n).toBeCloseTo((rawNorms[j] ?? NaN) * Math.abs(scales[j] ?? NaN), 4));
    trainer.dispose();
  });

  it('reports progress step by step and stops at the last step', async () => {
    const cfg = config({ epochs: 1 });
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
    const loop = trainingLoop(trainer, { maxSteps: 1, maxMs: Infinity });
    const steps: number[] = [];
    for await (const s of loop) steps.push(s.step);
    expect(steps).toEqual(Array.from({ length: trainer.stepsPerEpoch + 1 }, (_, i) => i));
    trainer.dispose();
  });

  it('stops with a clear error when the loss diverges', async () => {
    const cfg = config({ optimizer: { kind: 'sgd', learningRate: 1, momentum: 0.99 } });
    const dataset = buildDataset(cfg.dataset, cfg.seed);
    dataset.train.x.fill(1e30); // inputs no float32 model survives
    const trainer = new Trainer(cfg, dataset);
    const run = async () => {
      for await (const _ of trainingLoop(trainer, { maxSteps: 5, maxMs: Infinity })) {
        /* drain */
      }
    };
    await expect(run()).rejects.toBeInstanceOf(DivergenceError);
    trainer.dispose();
  });

  it('learns: cross-entropy beats chance overall but leaves the tail behind at ρ = 100', async () => {
    const few: number[] = [];
    const many: number[] = [];
    for (const seed of [1, 2, 3]) {
      const s = await trainToEnd(
        config({ seed, dataset: { kind: 'blobs', classes: 10, nMax: 500, rho: 100, testPerClass: 100 }, epochs: 15 }),
      );
      expect(s.test.accuracy).toBeGreaterThan(0.3); // chance is 0.1
      many.push(s.test.splits.many);
      few.push(s.test.splits.few);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // Measured (seeds 1–3): Many ≈ 0.96, Few ≈ 0.21.
    expect(mean(many)).toBeGreaterThan(0.85);
    expect(mean(few)).toBeLessThan(mean(many) - 0.4);
  });
});
