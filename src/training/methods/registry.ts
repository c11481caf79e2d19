import { balancedSoftmaxMethod } from './balancedSoftmax';
import { batchFormerMethod } from './batchFormer';
import { crossEntropyMethod } from './crossEntropy';
import { crtMethod } from './crt';
import { deitLtMethod } from './deitLt';
import { focalMethod } from './focal';
import { labelAwareSmoothingMethod } from './labelAwareSmoothing';
import { ldamDrwMethod } from './ldamDrw';
import { logitAdjustmentMethod } from './logitAdjustment';
import { logitAdjustmentPosthocMethod } from './logitAdjustmentPosthoc';
import { lwsMethod } from './lws';
import { mdcsMethod } from './mdcs';
import { mixupMethod } from './mixup';
import { progressiveResamplingMethod } from './progressiveResampling';
import { remixMethod } from './remix';
import { resamplingMethod } from './resampling';
import { reweightCbMethod } from './reweightCb';
import { reweightInverseMethod } from './reweightInverse';
import { reweightSqrtMethod } from './reweightSqrt';
import { rideMethod } from './ride';
import { sadeMethod } from './sade';
import { sbclMethod } from './sbcl';
import { tauNormMethod } from './tauNorm';
import { tlcMethod } from './tlc';
import type { MethodDefinition } from './types';

/**
 * Every method the app offers. The UI, the share-link schema and the tests all read this list:
 * adding a method is adding its file and one line here.
 */
export const METHODS: readonly MethodDefinition[] = [
  crossEntropyMethod,
  // Re-sampling
  resamplingMethod,
  progressiveResamplingMethod,
  // Re-weighting and losses
  reweightInverseMethod,
  reweightSqrtMethod,
  reweightCbMethod,
  focalMethod,
  ldamDrwMethod,
  balancedSoftmaxMethod,
  logitAdjustmentMethod,
  logitAdjustmentPosthocMethod,
  labelAwareSmoothingMethod,
  // Decoupling
  crtMethod,
  tauNormMethod,
  lwsMethod,
  // Information augmentation
  mixupMethod,
  remixMethod,
  // Module improvement: multi-expert models
  rideMethod,
  sadeMethod,
  mdcsMethod,
  tlcMethod,
  sbclMethod,
  batchFormerMethod,
  // Module improvement: distillation into a vision transformer
  deitLtMethod,
];

const BY_ID = new Map(METHODS.map((m) => [m.id, m]));

export function findMethod(id: string): MethodDefinition | undefined {
  return BY_ID.get(id);
}

export function getMethod(id: string): MethodDefinition {
  const method = BY_ID.get(id);
  if (!method) throw new Error(`Unknown method "${id}". Known methods: ${METHODS.map((m) => m.id).join(', ')}.`);
  return method;
}
