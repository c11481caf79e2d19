import { hasWorker } from '../bridge';
import { formatDuration, remainingMs } from '../estimate';
import { selectSelectedEntry, selectSelectedRun, useLab, type RunPhase } from '../store';
import { runLabel } from '../workspace';

export const STATUS_TEXT: Record<RunPhase, string> = {
  queued: 'Queued: waiting for a free core',
  starting: 'Starting: loading the backend…',
  'warming-up': 'Warming up: compiling kernels…',
  running: 'Training',
  paused: 'Paused',
  done: 'Finished',
  stopped: 'Stopped',
  error: 'Stopped by an error',
  interrupted: 'Interrupted by a reload',
};

/** The selected run's state in words: status, backend and why, progress, speed, and any error. */
export function RunStatus() {
  const run = useLab(selectSelectedRun);
  const entry = useLab(selectSelectedEntry);
  const index = useLab((s) => s.workspace.selected);
  const count = useLab((s) => s.workspace.runs.length);
  const speed = useLab((s) => s.speed);
  const label = entry && count > 1 ? `${runLabel(index, entry.method)}: ` : '';
  if (!run) return <p className="run-status idle">{label}Press Start to train. Nothing has run yet.</p>;
  const s = run.latest;
  const progress = s ? s.step / Math.max(1, s.totalSteps) : 0;
  const stepsPerSecond = s && s.trainMs > 0 ? (s.step * 1000) / s.trainMs : null;
  // Refined with every snapshot: the run's own measured speed.
  const left = run.status === 'running' ? remainingMs(s, speed) : null;
  const chosen = run.backendAttempts.find((a) => a.ok);
  const skipped = run.backendAttempts.filter((a) => !a.ok);
  return (
    <div className="run-status" aria-live="polite">
      <div className="status-line">
        {label ? <strong className="status-run">{label}</strong> : null}
        <span className={`status-badge status-${run.status}`} data-testid="run-status" data-status={run.status}>
          {STATUS_TEXT[run.status]}
        </span>
        <span className="backend-badge" data-testid="backend-in-use" data-backend={run.backend ?? ''}>
          Backend: <strong>{run.backend ?? '…'}</strong>
          {run.threads && run.threads > 1 ? ` ×${run.threads} threads` : ''}
          {chosen ? <span className="muted"> ({chosen.note})</span> : null}
        </span>
        {s ? (
          <span className="muted" data-testid="progress-text">
            {/* Every epoch of the run: a teacher's (DeiT-LT) and a second stage's added ones (RIDE's router) too. */}
            epoch {s.epoch.toFixed(1)} / {s.totalSteps / Math.max(1, s.stepsPerEpoch)} · step {s.step} / {s.totalSteps}
            {stepsPerSecond ? ` · ${stepsPerSecond.toFixed(0)} steps/s` : ''}
            {left !== null ? <span data-testid="time-left"> · {formatDuration(left)} left</span> : null}
          </span>
        ) : null}
      </div>
      <progress max={1} value={progress} aria-label="Training progress" />
      {run.stage && run.status === 'starting' ? (
        <p className="muted small" data-testid="run-stage">
          Now: {run.stage}
        </p>
      ) : null}
      {run.dataProgress && !run.dataset ? (
        <p className="muted small" data-testid="data-progress">
          Loading the data: {run.dataProgress.total > 0 ? `${Math.round((100 * run.dataProgress.loaded) / run.dataProgress.total)}% of ${(run.dataProgress.total / 1e6).toFixed(1)} MB` : `${(run.dataProgress.loaded / 1e6).toFixed(1)} MB`}
        </p>
      ) : null}
      {skipped.length ? (
        <p className="muted small" data-testid="backend-skipped">
          Not used: {skipped.map((a) => `${a.backend} (${a.note})`).join('; ')}
        </p>
      ) : null}
      {run.status === 'interrupted' ? (
        <p className="notice-inline" data-testid="run-interrupted">
          This run was still training when the page was reloaded, so it stopped at step {s?.step ?? 0}. Press ↻ next to it in the runs list (or Start) to train it again.
        </p>
      ) : run.restored && !hasWorker(run.id) && run.status === 'done' ? (
        <p className="muted small">Restored from this browser’s storage{run.finishedAt ? `; finished ${new Date(run.finishedAt).toLocaleString()}` : ''}.</p>
      ) : null}
      {run.error ? (
        <div className="error-banner" role="alert" data-testid="run-error">
          <strong>The run stopped.</strong> {run.error.message}
        </div>
      ) : null}
    </div>
  );
}
