import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from '../data/build';
import { smallConfig, useCpuBackend } from '../test/setup';
import { Trainer } from '../trainer';
import { routedPrediction, routerLoss, routerTargets, routerTopChoices } from './rideRouter';

beforeAll(useCpuBackend);

/** Three experts' logits over 2 classes for 4 samples, chosen so that the cumulative predictions differ. */
function experts(): tf.Tensor2D[] {
  return [
    // sample 0: right from expert 1; 1: wrong, right from 1+2; 2: wrong, wrong, right with all 3; 3: always wrong.
    tf.tensor2d([[2, 0], [0, 1], [0, 1], [0, 3]]),
    tf.tensor2d([[0, 1], [3, 0], [0, 1], [0, 3]]),
    tf.tensor2d([[0, 1], [0, 1], [5, 0], [0, 3]]),
  ];
}
const labels = () => tf.tensor1d([0, 0, 0, 0], 'int32');

describe('RIDE router: targets, loss and routed prediction (rideRouter.ts)', () => {
  it('targets router i where experts 0…i are wrong and a longer prefix is right', () => {
    expect(Array.from(routerTargets(experts(), labels()).dataSync())).toEqual([0, 0, 1, 0, 1, 1, 0, 0]);
  });

  it('is binary cross-entropy with pos_weight, averaged over samples and routers', () => {
    const r = tf.tensor2d([[0.5, -1], [2, 0], [-0.3, 0.7], [1, 1]]);
    const t = [0, 0, 1, 0, 1, 1, 0, 0];
    const x = Array.from(r.dataSync());
    const w = 7;
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    const expected = x.reduce((a, v, i) => a - ((t[i] ?? 0) === 1 ? w * Math.log(sig(v)) : Math.log(1 - sig(v))), 0) / x.length;
    expect(routerLoss(r, experts(), labels(), w).dataSync()[0]).toBeCloseTo(expected, 5);
  });

  it('stops each sample at the first router that says no and averages the experts it consulted', () => {
    // Router logits: sample 0 stops at once, 1 takes expert 2 only, 2 takes all three, 3 would say yes to 3 but stopped before.
    const r = tf.tensor2d([[-1, 5], [1, -1], [1, 1], [-1, 1]]);
    const { scores, consulted } = routedPrediction(r, experts());
    expect(Array.from(consulted.dataSync())).toEqual([1, 2, 3, 1]);
    const expected = [2, 0, 1.5, 0.5, 5 / 3, 2 / 3, 0, 3];
    Array.from(scores.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? NaN, 6));
  });

  it('reads 30 % of the classes’ top logits, at least 2', () => {
    expect([3, 5, 10, 100].map(routerTopChoices)).toEqual([2, 2, 3, 30]);
  });
});

describe('RIDE with its router in a run', () => {
  it('adds 5 epochs after training that change only the router, then predicts through it; tensors stay flat', async () => {
    const cfg = smallConfig({ epochs: 2, method: { id: 'ride', params: { router: 1 } } });
    const plain = smallConfig({ epochs: 2, method: { id: 'ride', params: {} } });
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed));
    const without = new Trainer(plain, buildDataset(plain.dataset, plain.seed));
    expect(trainer.totalSteps).toBe(7 * trainer.stepsPerEpoch);
    expect(trainer.secondStageStartStep).toBe(2 * trainer.stepsPerEpoch);
    const ensemble = trainer['parts'].ensemble;
    if (!ensemble) throw new Error('RIDE has an ensemble');
    while (trainer.step < 2 * trainer.stepsPerEpoch) trainer.trainStep();
    while (!without.done) without.trainStep();
    // The router is drawn after everything else: RIDE trains as without it.
    const weights = (t: Trainer) => t['parts'].ensemble?.variables.map((v) => Array.from(v.dataSync())) ?? [];
    expect(weights(trainer)).toEqual(weights(without));
    const before = (await trainer.evaluate()).experts;
    expect(before?.consulted).toBeUndefined();
    const router = ensemble.routerVariables.map((v) => Array.from(v.dataSync()));
    const counts: number[] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      for (let i = 0; i < trainer.stepsPerEpoch; i++) trainer.trainStep();
      const s = await trainer.evaluate();
      counts.push(tf.memory().numTensors);
      expect(s.stage).toBe(2);
      // Every test sample counted once, with 1 to 3 experts.
      expect(s.experts?.consulted?.reduce((a, b) => a + b, 0)).toBe(cfg.dataset.testPerClass * 5);
    }
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(weights(trainer)).toEqual(weights(without));
    expect(ensemble.routerVariables.map((v) => Array.from(v.dataSync()))).not.toEqual(router);
    trainer.dispose();
    without.dispose();
  });
});
