/**
 * "Auto" by measurement: times a few training steps of the run's actual model and batch size on
 * each usable backend, keeps the fastest, and remembers the choice per device (this browser
 * profile) and model, so later runs start at once.
 */
import type { BackendName, RunConfig } from '../training/config';
import type { Dataset } from '../training/data/dataset';
import { Trainer } from '../training/trainer';
import { activateBackend, computeOptionsFor } from './backend';
import type { BackendAttempt } from './protocol';
import { openKeyValueStore, type KeyValueStore } from '../storage/idb';

/** Wall-clock budget per backend: calibration as a whole stays well under a second. */
const BUDGET_MS = 250;
const TIMED_STEPS = 3;

export interface Calibration {
  backend: BackendName;
  /** Median ms per step of each backend measured; Infinity when it did not finish within budget. */
  msPerStep: Partial<Record<BackendName, number>>;
  measuredAt: string;
}

/** Runs with the same model shape and batch size share a calibration. */
export function calibrationKey(config: RunConfig, dataset: Dataset): string {
  const m = config.model;
  const shape = m.kind === 'cnn' ? `cnn${m.filters1}-${m.filters2}-${m.dense}` : `mlp${m.width}x${m.depth}`;
  return `${shape}|in${dataset.inputShape.join('x')}|c${dataset.classes}|b${config.batchSize}`;
}

/** Median time of a training step (with its loss read back) on the active backend, within the budget. */
async function timeSteps(config: RunConfig, dataset: Dataset, backend: BackendName): Promise<number> {
  const trainer = new Trainer({ ...config, epochs: 1 }, dataset, computeOptionsFor(backend));
  const started = performance.now();
  const times: number[] = [];
  try {
    // One warm-up step compiles kernels; its time is not counted but does count against the budget.
    for (let i = 0; i <= TIMED_STEPS && performance.now() - started < BUDGET_MS; i++) {
      const t0 = performance.now();
      trainer.trainStep();
      await trainer.evaluate({ test: false });
      if (i > 0) times.push(performance.now() - t0);
    }
  } finally {
    trainer.dispose();
  }
  if (times.length === 0) return Infinity;
  times.sort((a, b) => a - b);
  return times[times.length >> 1] ?? Infinity;
}

/** Picks the fastest of `candidates` for this run and activates it; uses a remembered choice when there is one. */
export async function calibrate(config: RunConfig, dataset: Dataset, candidates: BackendName[]): Promise<{ backend: BackendName; attempts: BackendAttempt[] }> {
  const kv = await openCalibrations();
  try {
    return await calibrateWith(kv, config, dataset, candidates);
  } finally {
    kv?.close?.();
  }
}

async function calibrateWith(kv: KeyValueStore | null, config: RunConfig, dataset: Dataset, candidates: BackendName[]): Promise<{ backend: BackendName; attempts: BackendAttempt[] }> {
  const key = calibrationKey(config, dataset);
  const remembered = await readCalibration(kv, key);
  if (remembered && candidates.includes(remembered.backend) && (await activateBackend(remembered.backend)) === null) {
    return { backend: remembered.backend, attempts: describe(remembered, candidates, `remembered from ${remembered.measuredAt.slice(0, 10)}`) };
  }
  const msPerStep: Partial<Record<BackendName, number>> = {};
  for (const name of candidates) {
    if ((await activateBackend(name)) !== null) continue;
    msPerStep[name] = await timeSteps(config, dataset, name);
  }
  const ranked = (Object.entries(msPerStep) as [BackendName, number][]).sort((a, b) => a[1] - b[1]);
  const best = ranked[0]?.[0];
  if (!best || (await activateBackend(best)) !== null) throw new Error('No backend could be calibrated.');
  const result: Calibration = { backend: best, msPerStep, measuredAt: new Date().toISOString() };
  await writeCalibration(kv, key, result);
  return { backend: best, attempts: describe(result, candidates, 'measured now') };
}

function describe(c: Calibration, candidates: BackendName[], how: string): BackendAttempt[] {
  const speed = (ms: number | undefined) => (ms === undefined ? 'not measured' : Number.isFinite(ms) ? `${ms.toFixed(1)} ms/step` : `no timed step within the ${BUDGET_MS} ms budget`);
  return candidates.map((b) => ({
    backend: b,
    ok: b === c.backend,
    note: b === c.backend ? `fastest by measurement, ${speed(c.msPerStep[b])} (${how})` : `slower: ${speed(c.msPerStep[b])}`,
    msPerStep: c.msPerStep[b],
  }));
}

/** Remembered calibrations, in a database of their own; unavailable storage means calibrating every time. */
function openCalibrations(): Promise<KeyValueStore | null> {
  return openKeyValueStore({ database: 'long-tail-lab-calibration', store: 'calibrations' }).catch(() => null);
}

async function readCalibration(kv: KeyValueStore | null, key: string): Promise<Calibration | null> {
  return ((await kv?.get<Calibration>(key).catch(() => undefined)) ?? null);
}

async function writeCalibration(kv: KeyValueStore | null, key: string, value: Calibration): Promise<void> {
  await kv?.set(key, value).catch(() => undefined);
}
