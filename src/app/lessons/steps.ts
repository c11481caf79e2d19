/**
 * Lessons that talk while they train: a lesson's steps are tied to the training (its first
 * epoch, a run finishing, every run finishing) and appear in turn as it gets there. Which steps
 * have been reached is a pure function of the runs' progress, so it is tested without a worker;
 * Pause and Step hold a step because they hold the progress it is computed from.
 */
import type { RunView } from '../store';

/** The charts a step can point at; the same chart in the Run and the Compare view. */
export const LESSON_CHARTS = ['frequency', 'boundary', 'splits', 'curves', 'reliability', 'norms', 'confusion', 'ece', 'leaderboard', 'split-probability', 'spectrum', 'batch-attention', 'deit-heads', 'unlabelled'] as const;
export type LessonChart = (typeof LESSON_CHARTS)[number];

/** When a step is reached. Run numbers are workspace indices from 0 (run 1 is index 0). */
export type StepTrigger =
  /** A run has started training (its worker reports; queued runs do not count). */
  | { on: 'start' }
  /** The furthest run has trained this many epochs (fractions allowed), or finished. */
  | { on: 'epoch'; epoch: number }
  /** Run `run` has finished. */
  | { on: 'run-done'; run: number }
  /** Every run has finished. */
  | { on: 'all-done' };

export interface LessonStep {
  when: StepTrigger;
  /** One or two sentences to read aloud (plain text). */
  text: string;
  /** The chart the step speaks of: it is highlighted while the step is the latest. */
  chart?: LessonChart;
}

/** What the steps are computed from: one entry per run of the workspace, in its order. */
export interface RunProgress {
  /** Whether the run has a worker that trained or trains (not queued, not idle). */
  started: boolean;
  /** Epochs trained so far (fractional), 0 before the first snapshot. */
  epoch: number;
  /** The run finished training (done). A stopped or failed run does not count as finished. */
  done: boolean;
}

/** A run's progress as the steps see it; no results yet reads as not started. */
export function progressOf(run: RunView | undefined): RunProgress {
  if (!run) return { started: false, epoch: 0, done: false };
  return { started: run.status !== 'queued', epoch: run.latest?.epoch ?? 0, done: run.status === 'done' };
}

function reached(trigger: StepTrigger, runs: readonly RunProgress[]): boolean {
  switch (trigger.on) {
    case 'start':
      return runs.some((r) => r.started || r.done);
    case 'epoch':
      // A finished run has trained every epoch it will: with fewer epochs than the lesson planned
      // for, its later steps still come instead of waiting for an epoch that never arrives.
      return runs.some((r) => r.epoch >= trigger.epoch || r.done);
    case 'run-done':
      return runs[trigger.run]?.done === true;
    case 'all-done':
      return runs.length > 0 && runs.every((r) => r.done);
  }
}

/**
 * How many steps have been reached: steps are shown in their order, so a step counts only once
 * every step before it has been reached (a later trigger met early waits its turn). 0 before
 * training starts; after a reset the count falls back with the progress.
 */
export function reachedSteps(steps: readonly LessonStep[], runs: readonly RunProgress[]): number {
  let n = 0;
  while (n < steps.length && reached((steps[n] as LessonStep).when, runs)) n++;
  return n;
}

/** The trigger in words, for the list of steps still to come ("at epoch 1", "when run 2 finishes"). */
export function triggerLabel(trigger: StepTrigger): string {
  switch (trigger.on) {
    case 'start':
      return 'when training starts';
    case 'epoch':
      return `at epoch ${trigger.epoch}`;
    case 'run-done':
      return `when run ${trigger.run + 1} finishes`;
    case 'all-done':
      return 'when every run has finished';
  }
}
