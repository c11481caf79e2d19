/**
 * How long a workspace takes to train, estimated from its settings alone: training steps from
 * the long-tail profile, batch size and epochs, and a conservative laptop speed.
 */
import { profileOf } from '../../training/config';
import { profileCounts } from '../../training/data/longtail';
import type { LinkState } from '../share/linkState';
import { stepsWithUnlabelled } from '../../training/unlabelled/pool';

/**
 * Steps per second assumed for a laptop: the slowest measured backend for the default MLP
 * (tfjs CPU, 57 steps/s in the README's table); WebAssembly and WebGL are faster.
 */
export const LAPTOP_STEPS_PER_SECOND = 55;

/** Training steps of one run of the state (every run of a workspace has the same count). */
export function stepsPerRun(state: Pick<LinkState, 'shared'>): number {
  const d = state.shared.dataset;
  // The extra phase of unlabelled data (pseudo-labelling, rotation pre-training) counts too.
  return stepsWithUnlabelled(profileCounts(profileOf(d)), state.shared.batchSize, state.shared.epochs, state.shared.unlabelled);
}

/** Seconds to train every run one after another, the worst case of a two-core laptop. */
export function estimatedSeconds(state: Pick<LinkState, 'shared' | 'runs'>): number {
  return (stepsPerRun(state) * state.runs.length) / LAPTOP_STEPS_PER_SECOND;
}
