/**
 * Reads the results.json that an exported train.py writes (the app's run export, results.ts,
 * with source: "pytorch") back into a run the leaderboard and charts show, marked as PyTorch.
 * It goes through the stored-record schema, so it is validated as strictly as a workspace file.
 */
import { fromRecord, RECORD_FORMAT } from '../../persist/records';
import type { RunView } from '../../store';
import { describeSplitRule, type SplitRule } from '../../../training/data/longtail';

export const PYTORCH_SOURCE = 'pytorch';

interface ResultsFile {
  app: string;
  source: string;
  config: { epochs: number };
  posthocValue: number | null;
  dataset: { name: string; trainCounts: number[]; testCounts: number[]; splits: string[]; splitRule: SplitRule };
  progress: { step: number; totalSteps: number; epoch: number };
  test: {
    loss: number | null;
    accuracy: number | null;
    balancedAccuracy: number | null;
    splits: Record<string, number | null>;
    ece: number | null;
    mce: number | null;
    perClass: { class: string; accuracy: number | null; classifierWeightNorm: number | null }[];
    reliability: { count: number; accuracy: number | null; confidence: number | null }[];
  };
  timings: { trainMs: number; evalMs: number };
  history: { trainLoss: number | null }[];
  pytorch?: { device?: string; worldSize?: number };
}

/** True when parsed JSON is a results file written by train.py. */
export function isPytorchResults(data: unknown): boolean {
  const d = data as Partial<ResultsFile> | null;
  return typeof d === 'object' && d !== null && d.app === 'Long-Tail Lab' && d.source === PYTORCH_SOURCE;
}

export type PytorchImport = { ok: true; run: RunView } | { ok: false; error: string };

/** The run a results file describes (id to be set by the caller), or what is wrong with the file. */
export function readPytorchResults(data: unknown): PytorchImport {
  if (!isPytorchResults(data)) return { ok: false, error: 'The file is not a results file of an exported train.py.' };
  const f = data as ResultsFile;
  try {
    const steps = f.progress.totalSteps;
    // train.py's epoch is step / steps per epoch; total steps / epochs would miss epochs beyond the config's (RIDE's router, DeiT-LT's teacher).
    const { step, epoch } = f.progress;
    const stepsPerEpoch = Math.max(1, Math.round(epoch > 0 ? step / epoch : steps / Math.max(1, f.config.epochs)));
    const last = f.history[f.history.length - 1];
    const record = {
      format: RECORD_FORMAT,
      id: 'pytorch',
      config: f.config,
      status: 'done',
      backend: null,
      dataset: {
        name: f.dataset.name,
        classes: f.test.perClass.length,
        classNames: f.test.perClass.map((c) => c.class),
        trainCounts: f.dataset.trainCounts,
        testCounts: f.dataset.testCounts,
        splits: f.dataset.splits,
        splitRule: describeSplitRule(f.dataset.splitRule),
        stepsPerEpoch,
        totalSteps: steps,
      },
      latest: {
        step: f.progress.step,
        totalSteps: steps,
        stepsPerEpoch,
        epoch: f.progress.epoch,
        trainLoss: last?.trainLoss ?? null,
        test: {
          loss: f.test.loss,
          accuracy: f.test.accuracy,
          balancedAccuracy: f.test.balancedAccuracy,
          perClass: f.test.perClass.map((c) => c.accuracy),
          splits: f.test.splits,
          reliability: {
            counts: f.test.reliability.map((b) => b.count),
            accuracy: f.test.reliability.map((b) => b.accuracy),
            confidence: f.test.reliability.map((b) => b.confidence),
            ece: f.test.ece,
            mce: f.test.mce,
          },
        },
        headNorms: f.test.perClass.map((c) => c.classifierWeightNorm),
        posthoc: f.posthocValue ?? undefined,
        trainMs: f.timings.trainMs,
        evalMs: f.timings.evalMs,
      },
      history: f.history,
      posthocValue: f.posthocValue,
      createdAt: Date.now(),
      finishedAt: Date.now(),
      source: PYTORCH_SOURCE,
    };
    const result = fromRecord(record);
    return result.ok ? { ok: true, run: result.run } : { ok: false, error: `The results file is not valid: ${result.error}.` };
  } catch {
    return { ok: false, error: 'The results file is incomplete (a required section is missing).' };
  }
}
