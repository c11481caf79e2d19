/**
 * The estimate as the page uses it: measured speeds from the store's runs, the workspace's
 * runs as configurations, and the confirmation before a costly start.
 */
import { startAll } from './actions';
import { maxParallelRuns } from './bridge';
import { CONFIRM_ABOVE_MS, formatDuration, measuredMsPerStep, msPerStepFor, stepsOf, workspaceMs, type Measured } from './estimate';
import { useLab, type LabState } from './store';
import { runConfigOf } from './workspace';

/** Speeds this browser measured: every run with a snapshot past step 0. */
export function measuredSpeeds(s: Pick<LabState, 'runs'>): Measured[] {
  return Object.values(s.runs).flatMap((run) => {
    const ms = measuredMsPerStep(run.latest);
    return ms === null ? [] : [{ config: run.config, msPerStep: ms }];
  });
}

export interface WorkspaceEstimate {
  ms: number;
  steps: number;
  msPerStep: number;
  runs: number;
  /** Whether any of it comes from this browser's measurements (else from the prior model alone). */
  measured: boolean;
}

export function estimateWorkspace(s: Pick<LabState, 'runs' | 'workspace' | 'speed'>): WorkspaceEstimate {
  const configs = s.workspace.runs.map((e) => runConfigOf(s.workspace.shared, e.method));
  const measured = measuredSpeeds(s);
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  const first = configs[0];
  return {
    ms: workspaceMs(configs, measured, s.speed, maxParallelRuns(), cores),
    steps: first ? stepsOf(first) : 0,
    msPerStep: first ? msPerStepFor(first, measured, s.speed) : 0,
    runs: configs.length,
    measured: measured.length > 0,
  };
}

/** One number for a selector: the estimate rounded to two significant digits, so the UI redraws only when it moves. */
export function selectEstimateMs(s: LabState): number {
  const ms = estimateWorkspace(s).ms;
  if (!(ms > 0) || !Number.isFinite(ms)) return ms;
  const scale = 10 ** (Math.floor(Math.log10(ms)) - 1);
  return Math.round(ms / scale) * scale;
}

/** The question asked before a start estimated to take longer than CONFIRM_ABOVE_MS, or null. */
export function costlyStartQuestion(e: WorkspaceEstimate): string | null {
  if (!(e.ms > CONFIRM_ABOVE_MS)) return null;
  const runs = e.runs > 1 ? `These ${e.runs} runs are` : 'This run is';
  const basis = e.measured ? 'from the speed measured in this browser' : 'from a typical laptop’s speed; the real speed is measured as it trains';
  return (
    `${runs} estimated to take ${formatDuration(e.ms)}: ${e.steps.toLocaleString('en')} training steps${e.runs > 1 ? ' each' : ''} at ` +
    `${e.msPerStep < 10 ? e.msPerStep.toFixed(1) : Math.round(e.msPerStep)} ms a step (${basis}). ` +
    `Fewer epochs, more examples per batch or a smaller model make it shorter. Start anyway?`
  );
}

/** Start, as the button and the keyboard do: a costly start asks first (a link may ask for days). */
export function startAllAfterConfirmation(): void {
  const question = costlyStartQuestion(estimateWorkspace(useLab.getState()));
  if (question === null || window.confirm(question)) startAll();
}
