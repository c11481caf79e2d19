import type { RunView } from './store';

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
    timings: s ? { trainMs: s.trainMs, evalMs: s.evalMs, stepsPerSecond: s.trainMs > 0 ? (s.step * 1000) / s.trainMs : null } : null,
    history: run.history,
  };
}

/** JSON has no NaN: an undefined metric (e.g. a class absent from the test set) becomes null. */
function nullIfNaN(v: number | undefined): number | null {
  return v === undefined || Number.isNaN(v) ? null : v;
}

export function downloadJson(filename: string, data: unknown): void {
  const json = JSON.stringify(data, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
