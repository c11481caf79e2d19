import { describe, expect, it } from 'vitest';
import { compareRuns } from '../compare';
import { fixtureConfig, fixtureRun } from '../testFixtures';
import { defaultWorkspace, methodChoice, runConfigOf, sharedOf, type Workspace } from '../workspace';
import { toJson } from './download';
import { allResults, resultsCsv } from './results';
import { readWorkspaceFile, workspaceFile } from './workspaceFile';

function setup() {
  const shared = sharedOf(fixtureConfig());
  const ws: Workspace = { ...defaultWorkspace(), shared, runs: [{ id: 'a', method: methodChoice('ce') }, { id: 'b', method: methodChoice('logit-adjustment', { tau: 1.5 }) }, { id: 'c', method: methodChoice('focal') }] };
  const runs = {
    a: fixtureRun('a', { config: runConfigOf(shared, ws.runs[0]?.method ?? methodChoice('ce')) }, 0.6),
    b: fixtureRun('b', { config: runConfigOf(shared, ws.runs[1]?.method ?? methodChoice('ce')) }, 0.8),
  };
  return { ws, runs };
}

describe('workspace file', () => {
  it('imports back what it exported: settings, runs and results', () => {
    const { ws, runs } = setup();
    const result = readWorkspaceFile(toJson(workspaceFile(ws, runs)));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.workspace.runs.map((r) => r.method)).toEqual(ws.runs.map((r) => r.method));
    expect(result.workspace.shared).toEqual(ws.shared);
    const [a, b, c] = result.workspace.runs.map((r) => result.runs[r.id]);
    expect(a?.latest?.test.accuracy).toBe(0.6);
    expect(b?.latest?.test.accuracy).toBe(0.8);
    expect(Array.from(b?.latest?.headNorms ?? [])).toEqual([1.5, 1, 0.5]);
    expect(c).toBeUndefined();
    expect(result.skipped).toEqual([]);
  });

  it('refuses other files, newer formats and invalid workspaces with a reason', () => {
    const { ws, runs } = setup();
    const file = workspaceFile(ws, runs);
    const read = (data: unknown) => readWorkspaceFile(typeof data === 'string' ? data : JSON.stringify(data));
    const error = (data: unknown) => {
      const r = read(data);
      return r.ok ? 'accepted' : r.error;
    };
    expect(error('{not json')).toMatch(/not valid JSON/);
    expect(error({ app: 'Long-Tail Lab', runs: [] })).toMatch(/not a Long-Tail Lab workspace/);
    expect(error({ ...file, format: 9 })).toMatch(/newer version/);
    expect(error({ ...file, workspace: { ...file.workspace, shared: { ...file.workspace.shared, epochs: 1e6 } } })).toMatch(/Epochs: must be at most 500/);
    const damaged = read({ ...file, results: [{ ...(file.results[0] as object), latest: { step: -1 } }, file.results[1]] });
    expect(damaged.ok && damaged.skipped).toEqual([expect.stringMatching(/^run 1: latest/)]);
  });
});

describe('results export', () => {
  it('writes one CSV row per run with every metric and per-class accuracy, blank where there is none', () => {
    const { ws, runs } = setup();
    const lines = resultsCsv(compareRuns(ws, runs)).trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    const header = lines[0]?.split(',') ?? [];
    expect(header).toEqual(expect.arrayContaining(['accuracy', 'few_accuracy', 'ece', 'train_seconds', 'backend', 'accuracy_class_2']));
    const cells = (line: string | undefined) => Object.fromEntries((line ?? '').split(',').map((v, i) => [header[i], v]));
    expect(cells(lines[1])).toMatchObject({ run: '1', method: 'ce', accuracy: '0.6', few_accuracy: '', train_seconds: '1.234', backend: 'wasm', accuracy_class_2: '' });
    expect(cells(lines[2])).toMatchObject({ method: 'logit-adjustment', method_label: 'Logit-adjusted loss (τ = 1.5)', params: 'tau=1.5' });
    expect(cells(lines[3])).toMatchObject({ run: '3', status: 'not run', accuracy: '' });
  });

  it('quotes fields with commas and keeps spreadsheet formulas out', () => {
    const { ws, runs } = setup();
    const csv = resultsCsv(compareRuns({ ...ws, runs: [{ id: 'a', method: methodChoice('label-aware-smoothing', { epsHead: 0.4, epsTail: 0.1 }) }] }, runs));
    expect(csv).toContain('"MiSLAS (mixup, then label-aware smoothing) (ε head = 0.4, ε tail = 0.1)"');
    expect(csv.split('\r\n')[1]).not.toMatch(/,[=+@]/);
  });

  it('writes every run to JSON, with null for missing numbers', () => {
    const { ws, runs } = setup();
    const data = JSON.parse(toJson(allResults(ws, compareRuns(ws, runs))));
    expect(data.runs).toHaveLength(3);
    expect(data.runs[1].results.test.perClass).toHaveLength(3);
    expect(data.runs[0].results.test.splits.few).toBeNull();
    expect(data.runs[2].results).toBeNull();
    expect(data.workspace.v).toBe(1);
  });
});
