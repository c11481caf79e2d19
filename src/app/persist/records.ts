/**
 * A run's results as they are stored (IndexedDB) and exported (workspace file), and the schema
 * that reads them back. Stored data can come from an older version of the app and a file from
 * anywhere, so both are validated before a chart sees them: shapes, sizes and the run config.
 */
import { z } from 'zod';
import { testDistributionSchema } from '../../training/settings';
import { BACKENDS, BOUNDS, runConfigSchema, type BackendName, type RunConfig } from '../../training/config';
import type { SplitName } from '../../training/data/longtail';
import { isEnded, RUN_PHASES } from '../../training/lifecycle';
import type { BackendAttempt, DatasetSummary, ErrorKind } from '../../workers/protocol';
import type { RunSnapshot } from '../../training/snapshot';
import type { HistoryPoint } from '../../training/history';
import type { SweepPoint } from '../../training/measures/sweep';
import type { RunPhase, RunView } from '../store';

/** Version of the stored and exported run format. */
export const RECORD_FORMAT = 1;

const MAX_CLASSES = BOUNDS.classes.max;
const MAX_BINS = 100;
const MAX_GRID_CELLS = 256 * 256;
const MAX_POINTS = 20_000;
const MAX_HISTORY = 100_000;
/** Sample images of an image dataset: a few per class, small. */
const MAX_IMAGES = 64 * MAX_CLASSES;
const MAX_IMAGE_SIDE = 64;

/** Any number, NaN included; null is how JSON writes NaN and ±Infinity. */
const num = z.union([z.custom<number>((v) => typeof v === 'number', 'expected a number'), z.null()]).transform((v) => v ?? NaN);
const int = z.number().int();

function typed<T extends Float32Array | Int32Array | Uint8Array>(Type: { new (values: ArrayLike<number>): T; from(values: ArrayLike<number>): T }, max: number) {
  return z
    .union([z.instanceof(Type as unknown as new () => T), z.array(num).max(max)])
    .refine((a) => a.length <= max, `at most ${max} values`)
    .transform((a): T => (Array.isArray(a) ? Type.from(a) : a));
}

const floats = (max: number) => typed(Float32Array, max);

const splitAccuracy = z.object({ many: num, medium: num, few: num });

const reliability = z.object({
  counts: floats(MAX_BINS),
  accuracy: floats(MAX_BINS),
  confidence: floats(MAX_BINS),
  ece: num,
  mce: num,
});

const snapshot = z.object({
  step: int.min(0),
  totalSteps: int.min(0),
  stepsPerEpoch: int.min(1),
  epoch: num,
  stage: z.union([z.literal(1), z.literal(2)]).default(1),
  trainLoss: num,
  testFresh: z.boolean().default(true),
  test: z.object({
    loss: num,
    accuracy: num,
    balancedAccuracy: num,
    perClass: floats(MAX_CLASSES),
    splits: splitAccuracy,
    reliability,
    // Records stored before the confusion matrix existed have none: an empty matrix.
    confusion: floats(MAX_CLASSES * MAX_CLASSES).prefault([]),
  }),
  decision: z
    .object({ size: int.min(1).max(256), min: z.number(), max: z.number(), predicted: typed(Uint8Array, MAX_GRID_CELLS), confidence: floats(MAX_GRID_CELLS) })
    .optional(),
  headNorms: floats(MAX_CLASSES),
  // SBCL's subclass view (a sample of training points), kept so that a reloaded run shows it again.
  subclasses: z
    .object({
      labels: typed(Int32Array, MAX_POINTS),
      subclass: typed(Int32Array, MAX_POINTS),
      embedding: floats(2 * MAX_POINTS),
      input: floats(2 * MAX_POINTS).optional(),
      perClass: typed(Int32Array, MAX_CLASSES),
      temperatures: floats(MAX_CLASSES),
      epoch: int,
    })
    .optional(),
  batchAttention: z
    .object({ epoch: int.min(0), steps: int.min(0), complete: z.boolean(), attention: floats(MAX_CLASSES * MAX_CLASSES), uniform: floats(MAX_CLASSES * MAX_CLASSES) })
    .optional(),
  posthoc: z.number().optional(),
  trainMs: z.number().min(0),
  evalMs: z.number().min(0),
});

const dataset = z.object({
  name: z.string().max(200),
  classes: int.min(1).max(MAX_CLASSES),
  classNames: z.array(z.string().max(100)).max(MAX_CLASSES),
  trainCounts: z.array(int.min(0)).max(MAX_CLASSES),
  testCounts: z.array(int.min(0)).max(MAX_CLASSES),
  splits: z.array(z.enum(['many', 'medium', 'few'] as const satisfies readonly SplitName[])).max(MAX_CLASSES),
  splitRule: z.string().max(300),
  stepsPerEpoch: int.min(1),
  totalSteps: int.min(0),
  secondStageStartStep: int.nullable().default(null),
  points: z.object({ x: floats(2 * MAX_POINTS), y: typed(Int32Array, MAX_POINTS) }).optional(),
  extent: z.object({ min: z.number(), max: z.number() }).optional(),
  images: z
    .object({
      shape: z.tuple([int.min(1).max(MAX_IMAGE_SIDE), int.min(1).max(MAX_IMAGE_SIDE)]),
      pixels: typed(Uint8Array, MAX_IMAGES * MAX_IMAGE_SIDE * MAX_IMAGE_SIDE),
      labels: typed(Int32Array, MAX_IMAGES),
    })
    .optional(),
});

const historyPoint = z.object({
  step: num,
  epoch: num,
  trainLoss: num,
  testLoss: num,
  accuracy: num,
  balancedAccuracy: num,
  splits: splitAccuracy,
  ece: num,
});

const backendName = z.enum(BACKENDS.filter((b) => b !== 'auto') as [Exclude<(typeof BACKENDS)[number], 'auto'>, ...Exclude<(typeof BACKENDS)[number], 'auto'>[]]);

const runRecord = z.object({
  format: z.literal(RECORD_FORMAT),
  id: z.string().min(1).max(80),
  config: runConfigSchema,
  status: z.enum(RUN_PHASES),
  backend: backendName.nullish(),
  backendAttempts: z.array(z.object({ backend: backendName, ok: z.boolean(), note: z.string().max(500) })).max(10).default([]),
  dataset: dataset.nullish(),
  latest: snapshot.nullish(),
  history: z.array(historyPoint).max(MAX_HISTORY).default([]),
  headNorms: floats(MAX_CLASSES).nullish(),
  sweep: z
    .array(z.object({ label: z.string().max(20), kind: testDistributionSchema, rho: z.number(), accuracy: num, weights: z.array(z.number()).max(16).optional() }))
    .max(20)
    .nullish(),
  posthocValue: z.number().nullish(),
  // Error kinds grow with the worker; a stored one is only shown, so any short name will do.
  error: z.object({ kind: z.string().max(40), message: z.string().max(2000) }).nullish(),
  createdAt: z.number(),
  finishedAt: z.number().nullish(),
  /** 'pytorch': results of an exported train.py, imported (no browser trained them). */
  source: z.literal('pytorch').nullish(),
});

/** What is stored per run: its results, with nulls where JSON needs them. */
export interface RunRecord {
  format: typeof RECORD_FORMAT;
  id: string;
  config: RunConfig;
  status: RunPhase;
  backend: BackendName | null;
  backendAttempts: BackendAttempt[];
  dataset: DatasetSummary | null;
  latest: RunSnapshot | null;
  history: HistoryPoint[];
  headNorms: Float32Array | null;
  sweep?: SweepPoint[] | null;
  posthocValue: number | null;
  error: RunView['error'] | null;
  createdAt: number;
  finishedAt: number | null;
  source: 'pytorch' | null;
}

/** A run's results as stored: typed arrays stay typed (IndexedDB clones them). */
export function toRecord(run: RunView): RunRecord {
  return {
    format: RECORD_FORMAT,
    id: run.id,
    config: run.config,
    status: run.status,
    backend: run.backend ?? null,
    backendAttempts: run.backendAttempts,
    dataset: run.dataset ?? null,
    latest: run.latest ?? null,
    history: run.history,
    headNorms: run.headNorms ?? null,
    sweep: run.sweep ?? null,
    posthocValue: run.posthocValue ?? null,
    error: run.error ?? null,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt ?? null,
    source: run.source ?? null,
  };
}

/** The same as JSON-ready data: typed arrays become arrays, NaN and ±Infinity null. */
export function toPlain(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null));
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  return value;
}

export type RecordResult = { ok: true; run: RunView } | { ok: false; error: string };

/**
 * Reads a stored or imported record back into a run's results. A run that was still training
 * when it was saved comes back 'interrupted': no worker survives a reload.
 */
export function fromRecord(input: unknown): RecordResult {
  const parsed = runRecord.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}` };
  }
  const r = parsed.data;
  const ended = isEnded(r.status);
  const run: RunView = {
    id: r.id,
    attempt: `${r.id}~restored`,
    config: r.config,
    status: ended ? r.status : 'interrupted',
    backend: r.backend ?? undefined,
    backendAttempts: r.backendAttempts satisfies BackendAttempt[],
    dataset: (r.dataset ?? undefined) satisfies DatasetSummary | undefined,
    latest: (r.latest ?? undefined) satisfies RunSnapshot | undefined,
    history: r.history satisfies HistoryPoint[],
    headNorms: r.headNorms ?? undefined,
    sweep: r.sweep ?? undefined,
    posthocValue: r.posthocValue ?? undefined,
    error: r.error ? { kind: r.error.kind as ErrorKind, message: r.error.message } : undefined,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt ?? (ended ? undefined : Date.now()),
    restored: true,
    ...(r.source ? { source: r.source } : {}),
  };
  return { ok: true, run };
}
