import { describe, expect, it } from 'vitest';
import { balancedConfig } from '../training/measures/relativeAccuracy';
import { compareRuns, leaderboardRows } from './compare';
import { entryRelativeAccuracy, isReferenceId, neededReferences, referenceId } from './relative';
import { parseLinkState } from './share/schema';
import { fromLinkState, toLinkState } from './share/codec';
import { fixtureConfig, fixtureRun } from './testFixtures';
import { defaultWorkspace, methodChoice, runConfigOf, sharedOf, type Workspace } from './workspace';

function workspaceOf(methods: string[], relativeAccuracy = true): Workspace {
  return { ...defaultWorkspace(), shared: sharedOf(fixtureConfig()), runs: methods.map((id, i) => ({ id: `r${i}`, method: methodChoice(id) })), relativeAccuracy };
}

describe('relative accuracy in the workspace', () => {
  it('needs no reference while off, and shares references between runs on the same data and seed', () => {
    expect(neededReferences(workspaceOf(['ce', 'balanced-softmax'], false)).size).toBe(0);
    // CE needs A_v only; balanced softmax needs A_v (shared with CE) and its own A_b; a second CE adds nothing.
    const needed = neededReferences(workspaceOf(['ce', 'balanced-softmax', 'ce']));
    expect([...needed.values()].map((c) => c.method.id).sort()).toEqual(['balanced-softmax', 'ce']);
    for (const [id, c] of needed) {
      expect(isReferenceId(id)).toBe(true);
      expect(c.dataset.rho).toBe(1);
    }
  });

  it('RA = A_t / max(A_v, A_b) once the references are done; they never join the comparison', () => {
    const ws = workspaceOf(['ce', 'balanced-softmax']);
    const shared = runConfigOf(ws.shared, methodChoice('balanced-softmax'));
    const vanilla = balancedConfig(shared, 'ce');
    const same = balancedConfig(shared);
    if (!vanilla || !same) throw new Error('no reference');
    const runs = {
      r0: fixtureRun('r0', { config: runConfigOf(ws.shared, methodChoice('ce')) }, 0.6),
      r1: fixtureRun('r1', { config: shared }, 0.7),
      [referenceId(vanilla)]: fixtureRun(referenceId(vanilla), { config: vanilla }, 0.8),
      [referenceId(same)]: fixtureRun(referenceId(same), { config: same }, 0.75),
    };
    const ra = entryRelativeAccuracy(ws, ws.runs[1] ?? ws.runs[0]!, runs);
    expect(ra.upper).toBeCloseTo(runs[referenceId(vanilla)]?.latest?.test.accuracy ?? NaN, 9);
    expect(ra.ra).toBeCloseTo((runs.r1.latest?.test.accuracy ?? NaN) / ra.upper, 9);
    const rows = leaderboardRows(compareRuns(ws, runs));
    expect(rows.map((r) => r.id)).toEqual(['r0', 'r1']);
    expect(rows[1]?.ra).toBeCloseTo(ra.ra, 9);
    // A reference still training: RA unknown.
    const training = { ...runs, [referenceId(same)]: fixtureRun(referenceId(same), { config: same, status: 'running' }) };
    expect(entryRelativeAccuracy(ws, ws.runs[1]!, training).ra).toBeNaN();
  });

  it('a share link carries the switch; older links without it read as off', () => {
    const on = parseLinkState(toLinkState(workspaceOf(['ce'])));
    expect(on.ok && fromLinkState(on.state).relativeAccuracy).toBe(true);
    const off = parseLinkState(toLinkState(workspaceOf(['ce'], false)));
    expect(off.ok && 'relativeAccuracy' in off.state).toBe(false);
  });
});
