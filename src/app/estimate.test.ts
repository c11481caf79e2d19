import { describe, expect, it } from 'vitest';
import { defaultRunConfig, type RunConfig } from '../training/config';
import type { RunSnapshot } from '../training/snapshot';
import { costlyStartQuestion, estimateWorkspace } from './costEstimate';
import { CONFIRM_ABOVE_MS, formatDuration, measuredMsPerStep, msPerStepFor, priorMsPerStep, remainingMs, runMs, stepsOf, workspaceMs } from './estimate';
import { defaultWorkspace, sharedOf } from './workspace';

/** The costliest run a link may ask for (issue #14): 2-D blobs, 20 × 6,000, ρ 1, batch 8, MLP 512 × 4, 500 epochs. */
function costliest(): RunConfig {
  const c = defaultRunConfig();
  return {
    ...c,
    dataset: { ...c.dataset, kind: 'blobs', classes: 20, nMax: 6000, rho: 1 },
    model: { ...c.model, kind: 'mlp', width: 512, depth: 4 },
    batchSize: 8,
    epochs: 500,
  };
}

const snapshot = (step: number, totalSteps: number, trainMs: number, evalMs = 0) => ({ step, totalSteps, trainMs, evalMs }) as RunSnapshot;

describe('run time estimate', () => {
  it('counts the steps of the costliest link: 7,500,000', () => {
    expect(stepsOf(costliest())).toBe(7_500_000);
    expect(stepsOf({ ...costliest(), batchSize: 7 + 1, epochs: 1 })).toBe(15_000);
  });

  it('puts the costliest link at days on the prior model, within the 30–100 steps/s measured here', () => {
    const ms = priorMsPerStep(costliest());
    expect(ms).toBeGreaterThan(10);
    expect(ms).toBeLessThan(34);
    const total = runMs(costliest(), []);
    expect(total).toBeGreaterThan(24 * 3600_000);
    expect(formatDuration(total)).toMatch(/days$/);
  });

  it('keeps the default run under the confirmation threshold and the costliest above it', () => {
    expect(runMs(defaultRunConfig(), [])).toBeLessThan(CONFIRM_ABOVE_MS);
    expect(runMs(costliest(), [])).toBeGreaterThan(CONFIRM_ABOVE_MS);
  });

  it('takes the measured speed of the same model as it is, and scales that of another model', () => {
    const c = defaultRunConfig();
    const prior = priorMsPerStep(c);
    expect(msPerStepFor(c, [{ config: c, msPerStep: 3 * prior }])).toBeCloseTo(3 * prior, 6);
    // A measurement of a model half as wide says this browser is 3× slower than the prior.
    const narrow = { ...c, model: { ...c.model, width: 32 } };
    const est = msPerStepFor(c, [{ config: narrow, msPerStep: 3 * priorMsPerStep(narrow) }]);
    expect(est).toBeCloseTo(3 * prior, 6);
    // The nearest measurement wins over a far one.
    const huge = { ...c, model: { ...c.model, width: 512, depth: 4 } };
    const near = { ...c, batchSize: c.batchSize + 8 };
    expect(msPerStepFor(c, [{ config: huge, msPerStep: 10 * priorMsPerStep(huge) }, { config: near, msPerStep: 2 * priorMsPerStep(near) }])).toBeCloseTo(2 * prior, 6);
    // Nonsense measurements are ignored.
    expect(msPerStepFor(c, [{ config: c, msPerStep: NaN }, { config: c, msPerStep: 0 }])).toBeCloseTo(prior, 6);
  });

  it('never runs faster than the chosen speed', () => {
    const c = defaultRunConfig();
    expect(msPerStepFor(c, [], 'slow')).toBe(250);
    expect(msPerStepFor(c, [], 'max')).toBeLessThan(250);
  });

  it('gives the time left from the run’s own speed, refined as it trains', () => {
    expect(measuredMsPerStep(snapshot(0, 300, 0))).toBeNull();
    expect(remainingMs(snapshot(0, 300, 0))).toBeNull();
    expect(remainingMs(snapshot(100, 300, 1000))).toBe(2000);
    // Slower later: the estimate follows.
    expect(remainingMs(snapshot(200, 300, 4000, 1000))).toBe(2500);
    expect(remainingMs(snapshot(300, 300, 5000))).toBe(0);
    expect(remainingMs(snapshot(100, 300, 1000), 'slow')).toBe(200 * 250);
  });

  it('shares the cores between runs that train together', () => {
    const c = defaultRunConfig();
    const one = runMs(c, []);
    expect(workspaceMs([c, c, c, c], [], 'max', 1, 2)).toBeCloseTo(4 * one, 6);
    expect(workspaceMs([c, c, c, c], [], 'max', 3, 4)).toBeCloseTo((4 * one) / 3, 6);
    expect(workspaceMs([c], [], 'max', 3, 4)).toBeCloseTo(one, 6);
  });

  it('asks before a costly start, saying how long and why, and not before a cheap one', () => {
    const ws = defaultWorkspace();
    const state = { runs: {}, speed: 'max' as const };
    expect(costlyStartQuestion(estimateWorkspace({ ...state, workspace: ws }))).toBeNull();
    const costly = { ...ws, shared: sharedOf(costliest()) };
    const question = costlyStartQuestion(estimateWorkspace({ ...state, workspace: costly }));
    expect(question).toMatch(/estimated to take about [\d.]+ days: 7,500,000 training steps at \d+ ms a step/);
    expect(question).toMatch(/Start anyway\?$/);
  });

  it('writes durations a person reads at a glance', () => {
    expect(formatDuration(400)).toBe('under a second');
    expect(formatDuration(42_000)).toBe('about 42 s');
    expect(formatDuration(5 * 60_000)).toBe('about 5 min');
    expect(formatDuration(3 * 3600_000)).toBe('about 3.0 h');
    expect(formatDuration(2.4 * 86_400_000)).toBe('about 2.4 days');
    expect(formatDuration(Infinity)).toBe('unknown');
  });
});
