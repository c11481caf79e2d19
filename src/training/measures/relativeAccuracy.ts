/**
 * Relative accuracy (Zhang et al., "Deep Long-Tailed Learning: A Survey"): a long-tailed method's
 * accuracy A_t against what balanced data would give. A_v is cross-entropy trained on a balanced
 * training set of the same total size, A_b the same method on that balanced set; the upper
 * reference is A_u = max(A_v, A_b) and RA = A_t / A_u. A method can gain accuracy over
 * cross-entropy yet stay far from A_u: RA says how far the long tail still costs.
 */
import { parseRunConfig, type RunConfig } from '../config';
import { profileCounts } from '../data/longtail';

/** Cross-entropy: the "vanilla" reference A_v. */
export const VANILLA_METHOD = 'ce';

/** Training examples of the run's long-tailed set. */
export function trainingTotal(config: RunConfig): number {
  const { profile, classes, nMax, rho, headFraction } = config.dataset;
  return profileCounts({ kind: profile, classes, nMax, rho, headFraction }).reduce((a, b) => a + b, 0);
}

/**
 * The run's settings on a balanced training set with (up to rounding down) the same number of
 * examples: ρ = 1, n_max = ⌊N / C⌋, everything else — test set, seed, model, schedule — as it was.
 * Null when the schema refuses it (e.g. an image dataset without that many images per class).
 */
export function balancedConfig(config: RunConfig, methodId: string = config.method.id): RunConfig | null {
  const perClass = Math.floor(trainingTotal(config) / config.dataset.classes);
  const method = methodId === config.method.id ? config.method : { id: methodId, params: {} };
  const parsed = parseRunConfig({ ...config, dataset: { ...config.dataset, rho: 1, nMax: perClass }, method });
  return parsed.ok ? parsed.config : null;
}

/** The reference configurations a run needs: A_v's (cross-entropy) and A_b's (its own method); one when the run is cross-entropy. */
export function referenceConfigs(config: RunConfig): { vanilla: RunConfig | null; same: RunConfig | null } {
  const vanilla = balancedConfig(config, VANILLA_METHOD);
  return { vanilla, same: config.method.id === VANILLA_METHOD ? vanilla : balancedConfig(config) };
}

export interface RelativeAccuracy {
  /** max(A_v, A_b) over the references that have a result. */
  upper: number;
  /** A_t / A_u. */
  ra: number;
}

/** RA = A_t / max(A_v, A_b); NaN where a number is missing. */
export function relativeAccuracy(accuracy: number, vanilla: number, same: number): RelativeAccuracy {
  const refs = [vanilla, same].filter((v) => Number.isFinite(v));
  const upper = refs.length === 2 ? Math.max(...refs) : NaN;
  return { upper, ra: upper > 0 && Number.isFinite(accuracy) ? accuracy / upper : NaN };
}
