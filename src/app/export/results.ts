/**
 * Every number of every run, as JSON (nested, complete) and CSV (one row per run, for a
 * spreadsheet). Accuracies and ECE are fractions (0–1), not percent, so nothing is rounded.
 */
import type { ComparedRun } from '../compare';
import { toLinkState } from '../share/codec';
import type { RunView } from '../store';
import { methodLabel, type Workspace } from '../workspace';
import { runSweep } from '../measures';
import { SWEEP_DISTRIBUTIONS } from '../../training/measures/sweep';
import { fitFrequencyLaw } from '../../training/measures/frequencyLaw';
import { attentionShares } from '../../charts/attentionMatrix';

/** A run's results as a plain JSON-ready object: every number a practitioner may want. */
export function runResults(run: RunView) {
  const s = run.latest;
  const classes = run.dataset?.classNames ?? [];
  return {
    app: 'Long-Tail Lab',
    schema: 1,
    exportedAt: new Date().toISOString(),
    runId: run.id,
    status: run.status,
    error: run.error ?? null,
    config: run.config,
    posthocValue: run.posthocValue ?? null,
    backend: run.backend ?? null,
    backendAttempts: run.backendAttempts,
    dataset: run.dataset
      ? {
          name: run.dataset.name,
          trainCounts: run.dataset.trainCounts,
          testCounts: run.dataset.testCounts,
          splits: run.dataset.splits,
          splitRule: run.dataset.splitRule,
        }
      : null,
    progress: s ? { step: s.step, totalSteps: s.totalSteps, epoch: s.epoch } : null,
    test: s
      ? {
          loss: s.test.loss,
          accuracy: s.test.accuracy,
          balancedAccuracy: s.test.balancedAccuracy,
          splits: s.test.splits,
          ece: s.test.reliability.ece,
          mce: s.test.reliability.mce,
          perClass: classes.map((name, c) => ({
            class: name,
            trainCount: run.dataset?.trainCounts[c] ?? null,
            split: run.dataset?.splits[c] ?? null,
            accuracy: nullIfNaN(s.test.perClass[c]),
            classifierWeightNorm: nullIfNaN(s.headNorms[c]),
          })),
          reliability: Array.from(s.test.reliability.counts, (count, b) => ({
            bin: b,
            count,
            accuracy: nullIfNaN(s.test.reliability.accuracy[b]),
            confidence: nullIfNaN(s.test.reliability.confidence[b]),
          })),
        }
      : null,
    /** BatchFormer: share of each class's attention that went to each class over the last epoch (rows: attending class). */
    batchAttention: s?.batchAttention
      ? { epoch: s.batchAttention.epoch, complete: s.batchAttention.complete, shares: Array.from(attentionShares(s.batchAttention.attention, classes.length), (v) => nullIfNaN(v)) }
      : null,
    timings: s ? { trainMs: s.trainMs, evalMs: s.evalMs, stepsPerSecond: s.trainMs > 0 ? (s.step * 1000) / s.trainMs : null } : null,
    history: run.history,
    /** SADE's test-agnostic sweep: accuracy on each test distribution (null until the run ends). */
    testSweep: runSweep(run),
    /** Per-class accuracy against log10(training count): slope per 10×, intercept, R². */
    frequencyLaw: s && run.dataset ? fitFrequencyLaw(run.dataset.trainCounts, s.test.perClass) : null,
  };
}

/** JSON has no NaN: an undefined metric (e.g. a class absent from the test set) becomes null. */
function nullIfNaN(v: number | undefined): number | null {
  return v === undefined || Number.isNaN(v) ? null : v;
}

/** All runs of the workspace with their settings and results; runs never trained have `results: null`. */
export function allResults(ws: Workspace, compared: readonly ComparedRun[]) {
  return {
    app: 'Long-Tail Lab',
    schema: 1,
    exportedAt: new Date().toISOString(),
    workspace: toLinkState(ws),
    runs: compared.map((c) => ({
      number: c.index + 1,
      label: c.label,
      method: c.entry.method,
      settingsChangedSinceRun: c.stale,
      results: c.run ? runResults(c.run) : null,
    })),
  };
}

/** A CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
function field(v: unknown): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const text = String(v);
  // A leading = + - @ makes spreadsheets evaluate the cell: method labels are ours, but stay safe.
  const safe = /^[=+\-@]/.test(text) && typeof v !== 'number' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per run: settings, summary metrics, time, backend, then per-class test accuracy. */
export function resultsCsv(compared: readonly ComparedRun[]): string {
  const classes = Math.max(0, ...compared.map((c) => c.run?.latest?.test.perClass.length ?? 0));
  const header = [
    'run', 'method', 'method_label', 'params', 'status', 'settings_changed_since_run', 'backend',
    'accuracy', 'balanced_accuracy', 'many_accuracy', 'medium_accuracy', 'few_accuracy', 'ece', 'mce', 'test_loss',
    'train_seconds', 'step', 'total_steps', 'seed', 'dataset', 'classes', 'rho', 'n_max', 'test_distribution', 'epochs', 'batch_size',
    ...Array.from({ length: classes }, (_, c) => `accuracy_class_${c}`),
    ...SWEEP_DISTRIBUTIONS.map((d) => `sweep_${d.label.replace(' ', '_')}`),
    'law_slope_per_decade', 'law_r2',
  ];
  const rows = compared.map(({ index, entry, run, stale }) => {
    const s = run?.latest;
    const config = run?.config;
    return [
      index + 1, entry.method.id, methodLabel(entry.method),
      Object.entries(entry.method.params).map(([k, v]) => `${k}=${v}`).join('; '),
      run?.status ?? 'not run', stale, run?.backend,
      s?.test.accuracy, s?.test.balancedAccuracy, s?.test.splits.many, s?.test.splits.medium, s?.test.splits.few,
      s?.test.reliability.ece, s?.test.reliability.mce, s?.test.loss,
      s ? s.trainMs / 1000 : undefined, s?.step, s?.totalSteps,
      config?.seed, config?.dataset.kind, config?.dataset.classes, config?.dataset.rho, config?.dataset.nMax, config?.dataset.testDistribution,
      config?.epochs, config?.batchSize,
      ...Array.from({ length: classes }, (_, c) => s?.test.perClass[c]),
      ...SWEEP_DISTRIBUTIONS.map((_, i) => runSweep(run)?.[i]?.accuracy),
      ...(s && run?.dataset ? ((f) => [f.slope, f.r2])(fitFrequencyLaw(run.dataset.trainCounts, s.test.perClass)) : ['', '']),
    ].map(field);
  });
  return [header.map(field), ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
}
