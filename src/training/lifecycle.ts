/**
 * The life of a run, in one place: its statuses, the moves between them, and what each status
 * allows. The worker (RunDriver), the app's store and scheduler, and persistence all ask here
 * rather than listing statuses of their own.
 *
 *   queued ─▶ starting ─▶ warming-up ─▶ running ⇄ paused ─▶ done
 *      │          └──────────┴────────────┴─────────┴──────▶ stopped | error | interrupted
 *      └─────────────────────────────────────────────────────▶ stopped | error | interrupted
 *
 * 'queued' and 'interrupted' are the app's own: a run waiting for a core (no worker yet), and
 * one that was training when the page went away. The others are what the worker reports.
 */
import { getMethod } from './methods/registry';
import type { ParamSpec } from './methods/types';

/** Statuses a training worker reports. */
export const RUN_STATUS = ['starting', 'warming-up', 'running', 'paused', 'done', 'stopped', 'error'] as const;
export type RunStatus = (typeof RUN_STATUS)[number];

/** A run's status as the app sees it: the worker's, plus waiting for a core and cut off by a reload. */
export const RUN_PHASES = ['queued', ...RUN_STATUS, 'interrupted'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

const LIVE: readonly RunPhase[] = ['starting', 'warming-up', 'running', 'paused'];
const ENDED: readonly RunPhase[] = ['done', 'stopped', 'error', 'interrupted'];

/**
 * Where each status may go. A live run may go to any other live status: a Step pressed while the
 * run still loads pauses it before its warm-up begins, so 'paused' → 'warming-up' does happen.
 * Nothing returns to 'queued' (a new attempt is a new run view), and an ended run stays ended: a
 * late status message must not revive it.
 */
const NEXT: Record<RunPhase, readonly RunPhase[]> = {
  queued: [...LIVE, ...ENDED],
  starting: [...LIVE, ...ENDED],
  'warming-up': [...LIVE, ...ENDED],
  running: [...LIVE, ...ENDED],
  paused: [...LIVE, ...ENDED],
  done: [],
  stopped: [],
  error: [],
  interrupted: [],
};

/** Whether a run in status `from` may move to `to` (staying put is no move). */
export function canMove(from: RunPhase, to: RunPhase): boolean {
  return from !== to && NEXT[from].includes(to);
}

/** A run that cannot change any more. */
export function isEnded(status: RunPhase | undefined): boolean {
  return status !== undefined && ENDED.includes(status);
}

/** A run with a worker that is training, about to, or paused. */
export function isLive(status: RunPhase | undefined): boolean {
  return status !== undefined && LIVE.includes(status);
}

/** A run that is live or waiting for a core: the shared settings must not change under it. */
export function isBusy(status: RunPhase | undefined): boolean {
  return status === 'queued' || isLive(status);
}

/** A run that is computing right now, so Pause has something to pause. */
export function isTraining(status: RunPhase | undefined): boolean {
  return status === 'running' || status === 'warming-up';
}

/** A run whose ending the app records with a finishing time. */
export function isFinishedNormally(status: RunPhase): boolean {
  return status === 'done' || status === 'stopped';
}

/** What a method offers beyond training: a knob that re-evaluates the trained model, e.g. τ. */
export interface MethodOffers {
  /** The post-hoc parameter one can move after (or while) training, without retraining. */
  liveKnob: ParamSpec | undefined;
}

export function methodOffers(methodId: string): MethodOffers {
  return { liveKnob: getMethod(methodId).posthoc };
}

/** Whether moving the live knob re-evaluates at once (otherwise the next snapshot uses it). */
export function knobReevaluatesNow(status: RunPhase): boolean {
  return status === 'paused' || status === 'done';
}

/** A finished run whose method has a live knob keeps its worker and model, so the knob still moves. */
export function keepsModel(status: RunPhase, methodId: string): boolean {
  return status === 'done' && methodOffers(methodId).liveKnob !== undefined;
}
