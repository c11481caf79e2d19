import { describe, expect, it } from 'vitest';
import { fixtureConfig, fixtureRun } from '../testFixtures';
import { runResults } from '../export/results';
import { fromRecord, toRecord } from './records';

/** BatchFormer's attention map is part of a run's results: kept across a reload and in the results JSON. */
describe('BatchFormer attention in saved and exported results', () => {
  const base = fixtureRun('bf', { config: fixtureConfig('batchformer') });
  const batchAttention = {
    epoch: 2,
    steps: 1,
    complete: true,
    attention: new Float32Array([30, 6, 4, 3, 2, 1, 1, 0, 0]),
    uniform: new Float32Array([24, 8, 8, 2, 2, 2, 0.5, 0.3, 0.2]),
  };
  const run = { ...base, latest: base.latest ? { ...base.latest, batchAttention } : undefined };

  it('keeps the attention sums in a stored record', () => {
    const back = fromRecord(structuredClone(toRecord(run)));
    expect(back.ok && back.run.latest?.batchAttention).toEqual(batchAttention);
  });

  it('writes each class’s shares of attention into the results JSON', () => {
    const shares = runResults(run).batchAttention?.shares ?? [];
    expect(shares.slice(0, 3).map((v) => Number(v?.toFixed(3)))).toEqual([0.75, 0.15, 0.1]);
    expect(runResults(base).batchAttention).toBeNull();
  });
});
