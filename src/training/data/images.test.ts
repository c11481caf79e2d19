import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import manifest from '../../../public/data/manifest.json';
import { profileCounts } from './longtail';
import { decodePool, makeImageDataset, type PoolEntry } from './images';

const entries = manifest.files as unknown as Record<string, PoolEntry>;

function load(key: string) {
  const entry = entries[key];
  if (!entry) throw new Error(`no ${key} in the manifest`);
  const bytes = readFileSync(new URL(`../../../public/data/${entry.file}`, import.meta.url));
  return { entry, bytes };
}

describe('shipped image data', () => {
  it.each(Object.keys(entries))('%s matches its manifest checksum, size, shape and class counts', (key) => {
    const { entry, bytes } = load(key);
    expect(bytes.length).toBe(entry.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
    const pool = decodePool(entry, new Uint8Array(gunzipSync(bytes)));
    expect(pool.pixels.length).toBe(entry.count * entry.shape[0] * entry.shape[1] * entry.shape[2]);
    expect(entry.counts.reduce((a, b) => a + b, 0)).toBe(entry.count);
  });

  it('rejects a damaged file with a clear message', () => {
    const { entry, bytes } = load('digits-test');
    const raw = new Uint8Array(gunzipSync(bytes));
    expect(() => decodePool(entry, raw.subarray(0, raw.length - 1))).toThrow(/damaged/);
    const relabelled = raw.slice();
    relabelled[0] = 42;
    expect(() => decodePool(entry, relabelled)).toThrow(/label 42/);
  });
});

describe('long-tailed image sets', () => {
  const train = load('fashion-mnist-train-1k');
  const test = load('fashion-mnist-test-500');
  const trainPool = decodePool(train.entry, new Uint8Array(gunzipSync(train.bytes)));
  const testPool = decodePool(test.entry, new Uint8Array(gunzipSync(test.bytes)));
  const spec = {
    profile: { kind: 'exponential' as const, classes: 10, nMax: 1000, rho: 100, headFraction: 0.5 },
    test: { kind: 'backward' as const, rho: 10 },
    testPerClass: 500,
  };

  it('draws the reference scenario: Fashion-MNIST-LT, n_max 1,000, ρ = 100 is 2,478 images', () => {
    const d = makeImageDataset('Fashion-MNIST-LT', trainPool, testPool, spec, 1);
    expect(d.train.counts).toEqual([1000, 599, 359, 215, 129, 77, 46, 27, 16, 10]);
    expect(d.train.y.length).toBe(2478);
    expect(d.train.x.length).toBe(2478 * 784);
    // Backward-LT test set: the training order reversed.
    expect(d.test.counts).toEqual(profileCounts({ kind: 'exponential', classes: 10, nMax: 500, rho: 10, headFraction: 0 }).reverse());
    expect(d.train.x.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('is deterministic from the seed and differs across seeds', () => {
    const a = makeImageDataset('a', trainPool, testPool, spec, 7);
    const b = makeImageDataset('b', trainPool, testPool, spec, 7);
    const c = makeImageDataset('c', trainPool, testPool, spec, 8);
    expect(a.train.x.slice(990 * 784, 1000 * 784)).toEqual(b.train.x.slice(990 * 784, 1000 * 784));
    expect(a.train.x.slice(990 * 784, 1000 * 784)).not.toEqual(c.train.x.slice(990 * 784, 1000 * 784));
  });

  it('refuses more images than the pool holds', () => {
    expect(() => makeImageDataset('x', trainPool, testPool, { ...spec, profile: { ...spec.profile, nMax: 1001 } }, 1)).toThrow(/1000 images/);
  });
});
