import { describe, expect, it } from 'vitest';
import { fixtureConfig, fixtureRun } from '../testFixtures';
import { fromRecord, toPlain, toRecord } from './records';

describe('run records: SBCL', () => {
  it('keep the subclass view through JSON, typed arrays typed', () => {
    const base = fixtureRun('s', { config: fixtureConfig('sbcl') });
    const latest = base.latest;
    if (!latest) throw new Error('the fixture has a snapshot');
    const subclasses = {
      labels: Int32Array.from([0, 0, 1]),
      subclass: Int32Array.from([0, 1, 0]),
      embedding: Float32Array.from([0.5, -0.25, 0.125, 1, -1, 0]),
      input: Float32Array.from([1, 2, 3, 4, 5, 6]),
      perClass: Int32Array.from([2, 1]),
      temperatures: Float32Array.from([0.125, 0.1]),
      epoch: 3,
    };
    const run = { ...base, latest: { ...latest, subclasses } };
    const back = fromRecord(JSON.parse(JSON.stringify(toPlain(toRecord(run)))));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.run.latest?.subclasses).toEqual(subclasses);
    expect(back.run.latest?.subclasses?.subclass).toBeInstanceOf(Int32Array);
  });
});
