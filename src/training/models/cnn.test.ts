import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import manifest from '../../../public/data/manifest.json';
import { parseRunConfig } from '../config';
import { buildDataset } from '../data/build';
import { decodePool, type PoolEntry } from '../data/images';
import { trainingLoop } from '../run';
import type { RunSnapshot } from '../snapshot';
import { useCpuBackend } from '../test/setup';
import { Trainer } from '../trainer';

beforeAll(useCpuBackend);

function pool(key: string) {
  const entry = (manifest.files as unknown as Record<string, PoolEntry>)[key] as PoolEntry;
  return decodePool(entry, new Uint8Array(gunzipSync(readFileSync(new URL(`../../../public/data/${entry.file}`, import.meta.url)))));
}

describe('CNN on digits-LT', () => {
  it('trains a long-tailed image set well above chance, with a flat tensor count', async () => {
    const parsed = parseRunConfig({
      seed: 2,
      dataset: { kind: 'digits', nMax: 120, rho: 10, testPerClass: 50 },
      model: { kind: 'cnn', filters1: 8, filters2: 16, dense: 32 },
      optimizer: { kind: 'adam', learningRate: 0.01 },
      batchSize: 64,
      epochs: 6,
    });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const cfg = parsed.config;
    const trainer = new Trainer(cfg, buildDataset(cfg.dataset, cfg.seed, { train: pool('digits-train'), test: pool('digits-test') }));
    const counts: number[] = [];
    let last: RunSnapshot | undefined;
    for await (const s of trainingLoop(trainer, { maxSteps: trainer.stepsPerEpoch, maxMs: Infinity })) {
      counts.push(tf.memory().numTensors);
      last = s;
    }
    trainer.dispose();
    expect(last?.test.accuracy).toBeGreaterThan(0.6); // chance is 0.1
    expect(new Set(counts.slice(2)).size).toBe(1);
  });

  it('is refused for 2-D points, and image sizes beyond the pools are refused before any download', () => {
    const cnnOnPoints = parseRunConfig({ dataset: { kind: 'blobs' }, model: { kind: 'cnn' } });
    expect(!cnnOnPoints.ok && cnnOnPoints.errors.join()).toMatch(/CNN needs an image dataset/);
    const tooMany = parseRunConfig({ dataset: { kind: 'digits', nMax: 200 } });
    expect(!tooMany.ok && tooMany.errors.join()).toMatch(/has 125 training images of class 0/);
    const fine = parseRunConfig({ dataset: { kind: 'fashion-mnist', nMax: 6000, rho: 1, testPerClass: 500 } });
    expect(fine.ok).toBe(true);
  });
});
