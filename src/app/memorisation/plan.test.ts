import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../training/config';
import { explorerKey, formatDuration, missingModels, missingRemovals, modelKey, removalKey, timeLeftMs, totalJobs } from './plan';

describe('memorisation explorer plan', () => {
  it('keys by configuration and fraction, not by backend or t', () => {
    const config = defaultRunConfig();
    const key = explorerKey(config, 0.7);
    expect(key.startsWith('memo:')).toBe(true);
    expect(explorerKey({ ...config, backend: 'wasm' }, 0.7)).toBe(key);
    expect(explorerKey(config, 0.6)).not.toBe(key);
    expect(explorerKey({ ...config, seed: 2 }, 0.7)).not.toBe(key);
    expect(modelKey(key, 7)).toBe(`${key}:m:0007`);
    expect(removalKey(key, 50, 'top', 20)).toBe(`${key}:t50:r:top:20`);
    expect(removalKey(key, 50, 'none', 0)).toBe(removalKey(key, 8, 'none', 0));
  });

  it('lists the models and removals still to train', () => {
    expect(missingModels([{ k: 0 }, { k: 2 }, { k: 9 }], 4)).toEqual([1, 3]);
    const mem = Float64Array.from({ length: 100 }, (_, i) => i / 100);
    const all = missingRemovals(mem, 1, []);
    // The whole set, then top and random for 2, 5 and 10 examples.
    expect(all.map((j) => `${j.which}${j.count}`)).toEqual(['none0', 'top2', 'random2', 'top5', 'random5', 'top10', 'random10']);
    expect([...(all[1]?.removed ?? [])]).toEqual([98, 99]);
    expect(totalJobs(8, 100)).toBe(8 + all.length);
    const left = missingRemovals(mem, 1, [{ which: 'none', count: 0, testCorrect: new Uint8Array(0) }, { which: 'top', count: 5, testCorrect: new Uint8Array(0) }]);
    expect(left.map((j) => `${j.which}${j.count}`)).toEqual(['top2', 'random2', 'random5', 'top10', 'random10']);
  });

  it('estimates the time left from the models measured so far', () => {
    expect(timeLeftMs([], 5, 1)).toBeNaN();
    expect(timeLeftMs([1000, 3000], 6, 2)).toBe(6000);
    expect(formatDuration(NaN)).toBe('estimating…');
    expect(formatDuration(400)).toBe('under a second');
    expect(formatDuration(42_000)).toBe('about 42 s');
    expect(formatDuration(130_000)).toBe('about 2 min 10 s');
  });
});
