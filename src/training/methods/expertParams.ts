import { MAX_EXPERTS, MIN_EXPERTS } from '../models/experts';
import type { ParamSpec } from './types';

/** Shared parameters and helpers of the multi-expert methods with a free number of experts (RIDE, TLC). */

/** K: the number of expert heads (the authors use 3). */
export const EXPERT_COUNT: ParamSpec = {
  key: 'experts',
  label: 'Experts K',
  default: 3,
  min: MIN_EXPERTS,
  max: MAX_EXPERTS,
  step: 1,
  help: 'Number of expert heads on the shared backbone: more experts, more diversity to average, more compute.',
};

/** DRW's switch to class-balanced weights, as in LDAM-DRW (the authors: epoch 160 of 200). */
export const DRW_START: ParamSpec = {
  key: 'drwStart',
  label: 'DRW start',
  default: 0.8,
  min: 0,
  max: 1,
  step: 0.05,
  help: 'Fraction of training after which the class-balanced weights switch on (the authors: epoch 160 of 200).',
};

/** A params value as an expert count: rounded (links and sliders may carry fractions) and kept within bounds. */
export function expertCount(value: number): number {
  return Math.min(MAX_EXPERTS, Math.max(MIN_EXPERTS, Math.round(value)));
}

/** 'expert 1', 'expert 2', …: labels for experts that share one loss (RIDE, TLC). */
export function numberedExperts(count: number): string[] {
  return Array.from({ length: count }, (_, k) => `expert ${k + 1}`);
}
