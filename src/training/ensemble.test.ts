import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from './data/build';
import { trainingLoop } from './run';
import { snapshotTransferables } from './snapshot';
import { Trainer } from './trainer';
import { smallConfig, trainToEnd, useCpuBackend } from './test/setup';

/** The Trainer with a multi-expert method (ensemble.ts): tensors, snapshots, SADE's test-time aggregation, determinism. */
beforeAll(useCpuBackend);

const config = smallConfig;

describe('Trainer with a multi-expert model', () => {
  it.each(['ride', 'sade', 'mdcs', 'tlc'])(
    'keeps the tensor count flat for the multi-expert %s, test-time aggregation and repeated evaluations included',
    async (id) => {
      const before = tf.memory().numTensors;
      const cfg = config({ epochs: 6, method: { id } });
      const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
      const counts: number[] = [];
      for await (const _ of trainingLoop(trainer, { maxSteps: trainer.stepsPerEpoch, maxMs: Infinity })) counts.push(tf.memory().numTensors);
      expect(new Set(counts.slice(1)).size).toBe(1);
      let passes = 0;
      for await (const step of trainer.runTestTimeAggregation()) {
        passes++;
        expect(step.snapshot.experts?.aggregationWeights).toBeDefined();
      }
      expect(passes > 0).toBe(id === 'sade');
      await trainer.evaluate();
      await trainer.evaluate({ test: false });
      expect(tf.memory().numTensors).toBe(counts[counts.length - 1]);
      trainer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('reports the experts of a multi-expert model in every snapshot, copied each time', async () => {
    const cfg = config({ method: { id: 'tlc', params: { experts: 2 } } });
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
    while (!trainer.done) trainer.trainStep();
    const fresh = await trainer.evaluate();
    const repeated = await trainer.evaluate({ test: false });
    const e = fresh.experts;
    if (!e) throw new Error('no experts in the snapshot');
    const classes = cfg.dataset.classes;
    expect(e.count).toBe(2);
    expect(e.labels).toEqual(['expert 1', 'expert 2']);
    expect(e.perClass).toHaveLength(2 * classes);
    expect(e.splits).toHaveLength(2 * 3);
    expect(e.disagreement).toHaveLength(4);
    expect(e.kl).toHaveLength(4);
    expect(e.disagreement[0]).toBe(0);
    expect(e.disagreement[1]).toBe(e.disagreement[2]);
    expect(e.aggregationWeights).toBeUndefined();
    expect(e.uncertainty?.perClass).toHaveLength(classes);
    expect(Array.from(e.consulted ?? []).reduce((a, b) => a + b, 0)).toBe(trainer.dataset.test.y.length);
    // The repeat has the same numbers in its own buffers, so both can be transferred.
    expect(repeated.testFresh).toBe(false);
    expect(repeated.experts).toEqual(e);
    const buffers = [...snapshotTransferables(fresh), ...snapshotTransferables(repeated)];
    expect(new Set(buffers).size).toBe(buffers.length);
    expect(buffers).toContain(e.perClass.buffer);
    expect(buffers).toContain(e.uncertainty?.perClass.buffer);
    trainer.dispose();
    const ce = await trainToEnd(config());
    expect(ce.experts).toBeUndefined();
  });

  it('SADE: predicts with equal weights until the test-time aggregation learns them, reproducibly', async () => {
    const cfg = config({ method: { id: 'sade', params: { ttaEpochs: 2 } } });
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
    expect(trainer.hasTestTimeAggregation).toBe(true);
    while (!trainer.done) trainer.trainStep();
    const before = await trainer.evaluate();
    Array.from(before.experts?.aggregationWeights ?? []).forEach((w) => expect(w).toBeCloseTo(1 / 3, 6));
    const run = async () => {
      const steps = [];
      for await (const step of trainer.runTestTimeAggregation()) steps.push(step);
      return steps;
    };
    const first = await run();
    expect(first.map((s) => s.epoch)).toEqual([1, 2]);
    expect(first.every((s) => s.epochs === 2)).toBe(true);
    const last = first[first.length - 1];
    expect(last?.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(Array.from(last?.snapshot.experts?.aggregationWeights ?? [])).toEqual(last?.weights.map(Math.fround));
    expect(last?.weights.some((w) => Math.abs(w - 1 / 3) > 1e-4)).toBe(true);
    // A rerun starts again from equal weights and the same draws: the same weights.
    const second = await run();
    expect(second.map((s) => s.weights)).toEqual(first.map((s) => s.weights));
    trainer.dispose();
    const plain = new Trainer(config(), buildDataset(cfg.dataset, cfg.seed));
    expect(plain.hasTestTimeAggregation).toBe(false);
    plain.dispose();
    // No passes: the experts stay equally weighted (the authors' plain test), and nothing runs after training.
    const equal = new Trainer(config({ method: { id: 'sade', params: { ttaEpochs: 0 } } }), buildDataset(cfg.dataset, cfg.seed));
    expect(equal.hasTestTimeAggregation).toBe(false);
    const none = [];
    for await (const step of equal.runTestTimeAggregation()) none.push(step);
    expect(none).toEqual([]);
    Array.from((await equal.evaluate()).experts?.aggregationWeights ?? []).forEach((w) => expect(w).toBeCloseTo(1 / 3, 6));
    equal.dispose();
  });

  it.each(['sade', 'mdcs', 'tlc'])('is deterministic from the seed with %s', async (id) => {
    const a = await trainToEnd(config({ method: { id } }));
    const b = await trainToEnd(config({ method: { id } }));
    const c = await trainToEnd(config({ method: { id }, seed: 4 }));
    expect(b.trainLoss).toBe(a.trainLoss);
    expect(Array.from(b.test.perClass)).toEqual(Array.from(a.test.perClass));
    expect(b.experts).toEqual(a.experts);
    expect(c.trainLoss).not.toBe(a.trainLoss);
  });

  it('builds 2 to 4 experts as asked, the count rounded', async () => {
    for (const [asked, built] of [[2, 2], [3.4, 3], [4, 4]] as const) {
      const cfg = config({ epochs: 1, method: { id: 'ride', params: { experts: asked } } });
      const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
      const s = await trainer.evaluate();
      expect(s.experts?.count).toBe(built);
      expect(s.experts?.kl).toHaveLength(built * built);
      trainer.dispose();
    }
  });
});
