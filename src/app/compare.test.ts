import { describe, expect, it } from 'vitest';
import { compareRuns, leaderboardRows, sortRows, type LeaderboardRow } from './compare';
import { fixtureConfig, fixtureRun } from './testFixtures';
import { fitFrequencyLaw } from '../training/measures/frequencyLaw';
import { configKey, defaultWorkspace, entryConfigKey, isStale, methodChoice, runConfigOf, sharedOf, type Workspace } from './workspace';

function workspaceOf(methods: string[]): Workspace {
  const config = fixtureConfig();
  return { ...defaultWorkspace(), shared: sharedOf(config), runs: methods.map((id, i) => ({ id: `r${i}`, method: methodChoice(id) })) };
}

const row = (index: number, few: number, label = `run ${index}`): LeaderboardRow => ({
  id: String(index), index, label, color: '#000', status: 'done', stale: false,
  overall: 0.5, balanced: 0.5, many: 0.5, medium: 0.5, few, ece: 0.1, lawSlope: 0.1, lawR2: 0.5, ra: NaN, upper: NaN, trainSeconds: 1, backend: 'wasm', step: 1, totalSteps: 1,
});

describe('comparison', () => {
  it('labels and colours runs by position and marks results trained with other settings as stale', () => {
    const ws = workspaceOf(['ce', 'balanced-softmax']);
    const runs = {
      r0: fixtureRun('r0', { config: fixtureConfig('ce') }),
      r1: fixtureRun('r1', { config: fixtureConfig('balanced-softmax', 99) }),
    };
    const compared = compareRuns(ws, runs);
    expect(compared.map((c) => c.label)).toEqual(['1 · Cross-entropy', '2 · Balanced softmax']);
    expect(compared[0]?.color).not.toBe(compared[1]?.color);
    expect(compared.map((c) => c.stale)).toEqual([false, true]);
    expect(leaderboardRows(compared).map((r) => r.id)).toEqual(['r0', 'r1']);
    // The frequency–accuracy law of each run, fitted on its training counts and per-class accuracy.
    const first = leaderboardRows(compared)[0];
    const law = fitFrequencyLaw(runs.r0.dataset?.trainCounts ?? [], runs.r0.latest?.test.perClass ?? []);
    expect(first?.lawSlope).toBe(law.slope);
    expect(first?.lawR2).toBe(law.r2);
  });

  it('leaves runs without results out of the leaderboard', () => {
    const ws = workspaceOf(['ce', 'focal']);
    expect(leaderboardRows(compareRuns(ws, { r1: fixtureRun('r1', { config: fixtureConfig('focal') }) })).map((r) => r.index)).toEqual([1]);
  });

  it('sorts either way with missing values last and ties in run order', () => {
    const rows = [row(0, 0.2), row(1, NaN), row(2, 0.9), row(3, 0.2)];
    expect(sortRows(rows, 'few', 'desc').map((r) => r.index)).toEqual([2, 0, 3, 1]);
    expect(sortRows(rows, 'few', 'asc').map((r) => r.index)).toEqual([0, 3, 2, 1]);
    expect(sortRows(rows, 'label', 'desc').map((r) => r.index)).toEqual([3, 2, 1, 0]);
    expect(rows.map((r) => r.index)).toEqual([0, 1, 2, 3]);
  });
});

describe('config keys', () => {
  it('are computed once per config and per (shared, method) pair, and agree with each other', () => {
    const ws = defaultWorkspace();
    const entry = ws.runs[0]!;
    const key = entryConfigKey(ws.shared, entry.method);
    expect(key).toBe(configKey(runConfigOf(ws.shared, entry.method)));
    expect(entryConfigKey(ws.shared, entry.method)).toBe(key); // same pair: the cached text
    // A new shared object (the store replaces, never edits) gets its own key.
    const other = { ...ws.shared, seed: ws.shared.seed + 1 };
    expect(entryConfigKey(other, entry.method)).not.toBe(key);
    const run = { config: runConfigOf(ws.shared, entry.method) };
    expect(isStale(run, ws.shared, entry.method)).toBe(false);
    expect(isStale(run, other, entry.method)).toBe(true);
    expect(isStale(undefined, other, entry.method)).toBe(false);
  });
});
