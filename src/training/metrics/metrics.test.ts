import { describe, expect, it } from 'vitest';
import { argmaxRows, overallAccuracy, perClassAccuracy, splitAccuracy } from './accuracy';
import { reliability } from './calibration';

describe('accuracy metrics', () => {
  const labels = Int32Array.from([0, 0, 0, 0, 1, 1, 2]);
  const predicted = Int32Array.from([0, 0, 0, 1, 1, 0, 0]);

  it('computes per-class and overall accuracy by hand', () => {
    expect(Array.from(perClassAccuracy(predicted, labels, 4)).slice(0, 3)).toEqual([0.75, 0.5, 0]);
    expect(Number.isNaN(perClassAccuracy(predicted, labels, 4)[3])).toBe(true); // no test example
    expect(overallAccuracy(predicted, labels)).toBeCloseTo(4 / 7);
  });

  it('averages classes within each split, NaN for an empty split', () => {
    const s = splitAccuracy([0.9, 0.7, 0.4, 0.1], ['many', 'many', 'few', 'few']);
    expect(s.many).toBeCloseTo(0.8);
    expect(s.few).toBeCloseTo(0.25);
    expect(Number.isNaN(s.medium)).toBe(true);
  });

  it('takes the first maximum of each row', () => {
    expect(Array.from(argmaxRows(Float32Array.from([0.1, 0.7, 0.2, 0.5, 0.5, 0]), 3))).toEqual([1, 0]);
  });
});

describe('reliability and ECE (15 bins)', () => {
  it('matches a hand computation', () => {
    // Bin (0.8667, 0.9333]: confidences 0.9, 0.9, 0.9, 0.9 with 3 right → acc 0.75, gap 0.15.
    // Bin (0.5333, 0.6]: confidences 0.6, 0.6 with 2 right → acc 1, gap 0.4.
    const conf = [0.9, 0.9, 0.9, 0.9, 0.6, 0.6];
    const correct = [true, true, true, false, true, true];
    const r = reliability(conf, correct);
    expect(r.counts[13]).toBe(4);
    expect(r.counts[8]).toBe(2);
    expect(r.accuracy[13]).toBeCloseTo(0.75);
    expect(r.confidence[8]).toBeCloseTo(0.6);
    expect(r.ece).toBeCloseTo((4 / 6) * 0.15 + (2 / 6) * 0.4);
    expect(r.mce).toBeCloseTo(0.4);
  });

  it('is zero for a perfectly calibrated predictor and puts confidence 1 in the last bin', () => {
    const r = reliability([1, 1], [true, true]);
    expect(r.counts[14]).toBe(2);
    expect(r.ece).toBe(0);
  });
});

describe('confusion matrix', () => {
  it('counts true class by row and predicted class by column', async () => {
    const { confusionMatrix } = await import('./confusion');
    // labels 0,0,1,2 predicted 0,1,1,0 → row 0: [1,1,0], row 1: [0,1,0], row 2: [1,0,0]
    const m = confusionMatrix(Int32Array.from([0, 1, 1, 0]), Int32Array.from([0, 0, 1, 2]), 3);
    expect(Array.from(m)).toEqual([1, 1, 0, 0, 1, 0, 1, 0, 0]);
  });
});
