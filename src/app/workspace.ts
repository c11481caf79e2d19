/**
 * The workspace: what a person set up, as opposed to what training produced. One shared
 * configuration (dataset, seed, model, optimiser, …) and 1–8 run entries that differ only in
 * their method, so every run of a comparison trains on identical data from identical weights.
 * Pure: the store, the share link, the workspace file and the lessons all build on it.
 */
import { defaultRunConfig, parseRunConfig, type RunConfig } from '../training/config';
import { findMethod, getMethod } from '../training/methods/registry';
import { resolveParams, type ParamValues } from '../training/methods/types';

/** Every setting of a run except its method: shared by all runs of the workspace. */
export type SharedConfig = Omit<RunConfig, 'method'>;
export type MethodChoice = RunConfig['method'];

export interface RunEntry {
  /** Local id (keys results, workers, storage); never part of a link. */
  id: string;
  method: MethodChoice;
}

/** The views of the main area; the open one is part of a link. */
export const VIEWS = ['run', 'compare', 'lessons'] as const;
export type ViewId = (typeof VIEWS)[number];

/** Runs one workspace may hold: each trains in its own worker, and a link must stay short. */
export const MAX_RUNS = 8;

export interface Workspace {
  shared: SharedConfig;
  runs: RunEntry[];
  view: ViewId;
  /** Index into `runs` of the run the Run view, the method card and the editor show. */
  selected: number;
  /** The lesson whose text is shown, if the workspace came from one. */
  lesson: string | null;
  /**
   * Presentation mode (settings and run list hidden, large type) for a projector. Part of the
   * link so that a lesson can open in it; absent means off, as in links made before it existed.
   */
  present?: boolean;
  /** Relative accuracy is on: its balanced reference runs are queued and the leaderboard shows RA. */
  relativeAccuracy?: boolean;
  /** The memorisation explorer's settings (absent until someone opens it; carried by links). */
  memorisation?: MemorisationSettings;
}

/** The memorisation explorer (training/measures/memorisation.ts): t subset models, each on this fraction of the training set. */
export interface MemorisationSettings {
  models: number;
  fraction: number;
}

let idCounter = 0;
/** A fresh local run id, unique within this page and across reloads (time-based prefix). */
export function newRunId(): string {
  idCounter += 1;
  return `r${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}${idCounter}`;
}

/** The method with every parameter filled in: a link then pins values even if defaults change later. */
export function methodChoice(id: string, params: ParamValues = {}): MethodChoice {
  return { id, params: resolveParams(getMethod(id), params) };
}

export function sharedOf(config: RunConfig): SharedConfig {
  const { method: _method, ...shared } = config;
  return shared;
}

/** The full configuration a run trains with. */
export function runConfigOf(shared: SharedConfig, method: MethodChoice): RunConfig {
  return { ...structuredClone(shared), method: structuredClone(method) };
}

export function defaultWorkspace(): Workspace {
  const config = defaultRunConfig();
  return {
    shared: sharedOf(config),
    runs: [{ id: newRunId(), method: methodChoice(config.method.id, config.method.params) }],
    view: 'run',
    selected: 0,
    lesson: null,
  };
}

/**
 * Validates a shared configuration against every run's method (the run schema checks both
 * together), returning the normalised shared part or readable errors.
 */
export function validateShared(shared: SharedConfig, runs: readonly { method: MethodChoice }[]): { ok: true; shared: SharedConfig } | { ok: false; errors: string[] } {
  let normalised: SharedConfig | null = null;
  const errors = new Set<string>();
  for (const run of runs.length ? runs : [{ method: defaultRunConfig().method }]) {
    const parsed = parseRunConfig(runConfigOf(shared, run.method));
    if (parsed.ok) normalised ??= sharedOf(parsed.config);
    else for (const e of parsed.errors) errors.add(e);
  }
  return errors.size || !normalised ? { ok: false, errors: [...errors] } : { ok: true, shared: normalised };
}

/**
 * Keys already computed, per config object: the store replaces configs, never edits them, and
 * the run list, leaderboard and charts ask for the same keys on every snapshot.
 */
const keysByConfig = new WeakMap<object, string>();
const keysByEntry = new WeakMap<SharedConfig, WeakMap<MethodChoice, string>>();

/** A stable text key of a run's full configuration: equal keys, identical training. */
export function configKey(config: RunConfig): string {
  let key = keysByConfig.get(config);
  if (key === undefined) {
    key = stableKey(config);
    keysByConfig.set(config, key);
  }
  return key;
}

/** configKey(runConfigOf(shared, method)), computed once per (shared, method) pair. */
export function entryConfigKey(shared: SharedConfig, method: MethodChoice): string {
  let byMethod = keysByEntry.get(shared);
  if (!byMethod) keysByEntry.set(shared, (byMethod = new WeakMap()));
  let key = byMethod.get(method);
  if (key === undefined) {
    key = stableKey(runConfigOf(shared, method));
    byMethod.set(method, key);
  }
  return key;
}

/** Whether a run's results came from other settings than its entry has now. */
export function isStale(run: { config: RunConfig } | undefined, shared: SharedConfig, method: MethodChoice): boolean {
  return run !== undefined && configKey(run.config) !== entryConfigKey(shared, method);
}

/** JSON with object keys sorted, so equal data gives equal text whatever the key order. */
export function stableKey(value: unknown): string {
  return stableStringify(value);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** "Logit-adjusted loss (τ = 2)": the method, and the parameters that differ from its defaults. */
export function methodLabel(method: MethodChoice): string {
  const def = findMethod(method.id);
  if (!def) return method.id;
  const changed = def.params.filter((p) => method.params[p.key] !== undefined && method.params[p.key] !== p.default);
  if (!changed.length) return def.label;
  return `${def.label} (${changed.map((p) => `${p.label} = ${formatParam(method.params[p.key] ?? p.default)}`).join(', ')})`;
}

function formatParam(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** The label a run carries in every chart, legend and table: its number and method. */
export function runLabel(index: number, method: MethodChoice): string {
  return `${index + 1} · ${methodLabel(method)}`;
}
