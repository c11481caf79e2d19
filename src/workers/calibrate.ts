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

/** Wall-clock budget per backend for its timed steps. */
const BUDGET_MS = 250;
/**
 * Hard limit on the whole calibration. One step of the costliest model a link may ask for takes
 * longer than the per-backend budget, so that budget alone let the first timing of it run for
 * tens of seconds; past this limit a backend's timing is abandoned and counts as too slow.
 */
export const TOTAL_BUDGET_MS = 3000;
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
  const shape = m.kind === 'cnn' ? `cnn${m.filters1}-${m.filters2}-${m.dense}` : m.kind === 'vit' ? `vit${m.vitWidth}x${m.vitBlocks}h${m.vitHeads}` : `mlp${m.width}x${m.depth}`;
  return `${shape}|in${dataset.inputShape.join('x')}|c${dataset.classes}|b${config.batchSize}`;
}

/**
 * Median time of a training step on the active backend, within `budgetMs`. Each step is
 * followed by a read of the head's weights, which waits for the step to finish on a GPU; no
 * evaluation (a first one would measure the whole test set, which for the largest 2-D models
 * took most of a minute on the cpu backend). `cancelled` stops an abandoned timing early.
 */
async function timeSteps(config: RunConfig, dataset: Dataset, backend: BackendName, budgetMs: number, cancelled: () => boolean): Promise<number> {
  const trainer = new Trainer({ ...config, epochs: 1 }, dataset, computeOptionsFor(backend));
  const started = performance.now();
  const times: number[] = [];
  try {
    // One warm-up step compiles kernels; its time is not counted but does count against the budget.
    for (let i = 0; i <= TIMED_STEPS && performance.now() - started < budgetMs && !cancelled(); i++) {
      const t0 = performance.now();
      trainer.trainStep();
      await trainer.headWeightNorms();
      if (i > 0) times.push(performance.now() - t0);
    }
  } finally {
    trainer.dispose();
  }
  if (times.length === 0) return Infinity;
  times.sort((a, b) => a - b);
  return times[times.length >> 1] ?? Infinity;
}

/** The timing, or Infinity once `ms` have passed (the timing then stops at its next step). */
async function withinTime(ms: number, run: (cancelled: () => boolean) => Promise<number>): Promise<number> {
  let over = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      over = true;
      resolve(Infinity);
    }, Math.max(0, ms));
  });
  // An abandoned timing that fails later must not surface as an unhandled rejection.
  const timing = run(() => over).catch(() => Infinity);
  try {
    return await Promise.race([timing, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reports what the calibration is doing, e.g. "timing wasm (2 of 3)". */
export type OnStage = (text: string) => void;

/** Picks the fastest of `candidates` for this run and activates it; uses a remembered choice when there is one. */
export async function calibrate(config: RunConfig, dataset: Dataset, candidates: BackendName[], onStage: OnStage = () => {}): Promise<{ backend: BackendName; attempts: BackendAttempt[] }> {
  const kv = await openCalibrations();
  try {
    return await calibrateWith(kv, config, dataset, candidates, onStage);
  } finally {
    kv?.close?.();
  }
}

async function calibrateWith(kv: KeyValueStore | null, config: RunConfig, dataset: Dataset, candidates: BackendName[], onStage: OnStage): Promise<{ backend: BackendName; attempts: BackendAttempt[] }> {
  const key = calibrationKey(config, dataset);
  const remembered = await readCalibration(kv, key);
  if (remembered && candidates.includes(remembered.backend) && (await activateBackend(remembered.backend)) === null) {
    return { backend: remembered.backend, attempts: describe(remembered, candidates, `remembered from ${remembered.measuredAt.slice(0, 10)}`) };
  }
  const msPerStep: Partial<Record<BackendName, number>> = {};
  const started = performance.now();
  for (const [i, name] of candidates.entries()) {
    const left = TOTAL_BUDGET_MS - (performance.now() - started);
    if (left <= 0) break;
    onStage(`timing the ${name} backend (${i + 1} of ${candidates.length}, at most ${Math.ceil(left / 1000)} s left)`);
    if ((await activateBackend(name)) !== null) continue;
    msPerStep[name] = await withinTime(left, (cancelled) => timeSteps(config, dataset, name, Math.min(BUDGET_MS, left), cancelled));
  }
  const ranked = (Object.entries(msPerStep) as [BackendName, number][]).sort((a, b) => a[1] - b[1]);
  // Nothing finished a step in time: the costliest models; then the order's first that started.
  const best = Number.isFinite(ranked[0]?.[1]) ? ranked[0]?.[0] : candidates.find((c) => c in msPerStep);
  if (!best || (await activateBackend(best)) !== null) throw new Error('No backend could be calibrated.');
  const result: Calibration = { backend: best, msPerStep, measuredAt: new Date().toISOString() };
  await writeCalibration(kv, key, result);
  return { backend: best, attempts: describe(result, candidates, 'measured now') };
}

function describe(c: Calibration, candidates: BackendName[], how: string): BackendAttempt[] {
  const speed = (ms: number | undefined) => (ms === undefined ? 'not measured' : Number.isFinite(ms) ? `${ms.toFixed(1)} ms/step` : `no timed step within the time budget`);
  return candidates.map((b) => ({
    backend: b,
    ok: b === c.backend,
    note:
      b !== c.backend
        ? `slower: ${speed(c.msPerStep[b])}`
        : Number.isFinite(c.msPerStep[b] ?? Infinity)
          ? `fastest by measurement, ${speed(c.msPerStep[b])} (${how})`
          : `first in the auto order: no backend finished a timed step within the ${TOTAL_BUDGET_MS / 1000} s budget (${how})`,
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
