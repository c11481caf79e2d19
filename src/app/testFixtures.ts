/**
 * A small, complete run result for unit tests of storage, export and comparison. Test support
 * only: the app never imports it.
 */
import { parseRunConfig, type RunConfig } from '../training/config';
import type { RunView } from './store';

export function fixtureConfig(methodId = 'ce', seed = 1): RunConfig {
  const parsed = parseRunConfig({ seed, dataset: { classes: 3, nMax: 40 }, epochs: 2, method: { id: methodId } });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.config;
}

export function fixtureRun(id: string, overrides: Partial<RunView> = {}, accuracy = 0.7): RunView {
  const config = overrides.config ?? fixtureConfig();
  return {
    id,
    attempt: `${id}~1`,
    config,
    status: 'done',
    backend: 'wasm',
    backendAttempts: [{ backend: 'wasm', ok: true, note: 'SIMD' }],
    dataset: {
      name: 'blobs',
      classes: 3,
      classNames: ['class 0', 'class 1', 'class 2'],
      trainCounts: [40, 6, 1],
      testCounts: [10, 10, 10],
      splits: ['many', 'medium', 'few'],
      splitRule: 'thirds',
      stepsPerEpoch: 1,
      totalSteps: 2,
      secondStageStartStep: null,
      points: { x: new Float32Array([0, 1, 2, 3]), y: new Int32Array([0, 2]) },
      extent: { min: -3, max: 3 },
      images: { shape: [2, 2], pixels: new Uint8Array([0, 255, 128, 7, 1, 2, 3, 4]), labels: new Int32Array([0, 1]) },
    },
    latest: {
      step: 2,
      totalSteps: 2,
      stepsPerEpoch: 1,
      epoch: 2,
      stage: 1,
      trainLoss: 0.5,
      testFresh: true,
      test: {
        loss: 0.9,
        accuracy,
        balancedAccuracy: accuracy - 0.1,
        perClass: new Float32Array([0.9, 0.6, NaN]),
        splits: { many: 0.9, medium: 0.6, few: NaN },
        reliability: { counts: new Float32Array([1, 2]), accuracy: new Float32Array([0.5, NaN]), confidence: new Float32Array([0.4, NaN]), ece: 0.12, mce: 0.3 },
        confusion: new Float32Array([9, 1, 0, 4, 6, 0, 3, 0, 0]),
      },
      decision: { size: 2, min: -3, max: 3, predicted: new Uint8Array([0, 1, 2, 0]), confidence: new Float32Array([0.5, 0.6, 0.7, 0.8]) },
      headNorms: new Float32Array([1.5, 1, 0.5]),
      trainMs: 1234,
      evalMs: 56,
    },
    history: [
      { step: 0, epoch: 0, trainLoss: NaN, testLoss: 1.1, accuracy: 0.3, balancedAccuracy: 0.3, splits: { many: 0.3, medium: 0.3, few: NaN }, ece: 0.2 },
      { step: 2, epoch: 2, trainLoss: 0.5, testLoss: 0.9, accuracy, balancedAccuracy: accuracy - 0.1, splits: { many: 0.9, medium: 0.6, few: NaN }, ece: 0.12 },
    ],
    headNorms: new Float32Array([1.5, 1, 0.5]),
    createdAt: 1_700_000_000_000,
    finishedAt: 1_700_000_005_000,
    ...overrides,
  };
}
