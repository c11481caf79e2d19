import { parseRunConfig, type RunConfig } from '../config';
import type { RunSnapshot } from '../snapshot';

/**
 * The efficacy setting shared by the multi-expert efficacy tests, as in efficacy.test.ts: blobs,
 * 10 classes, n_max 500, ρ = 100 (Many = classes 0–3, Medium 4–6, Few 7–9 by the > 100 / < 20
 * thresholds), width 16, depth 2, 10 epochs, batch 64, Adam 0.01. Test support only.
 */
export const EFFICACY_SEEDS = [1, 2, 3] as const;

export function efficacyConfig(
  seed: number,
  id: string,
  dataset: Record<string, unknown> = {},
  params: Record<string, number> = {},
  /** Top-level keys replaced (e.g. the optimizer). */
  overrides: Record<string, unknown> = {},
): RunConfig {
  const parsed = parseRunConfig({
    seed,
    dataset: { kind: 'blobs', classes: 10, nMax: 500, rho: 100, testPerClass: 100, ...dataset },
    model: { width: 16, depth: 2 },
    optimizer: { kind: 'adam', learningRate: 0.01 },
    batchSize: 64,
    epochs: 10,
    method: { id, params },
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.config;
}

export const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Mean per-class accuracy of expert k in split 0 (Many), 1 (Medium) or 2 (Few). */
export function expertSplit(s: RunSnapshot, k: number, split: 0 | 1 | 2): number {
  return s.experts?.splits[k * 3 + split] ?? NaN;
}
