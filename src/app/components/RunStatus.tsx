import { selectActiveRun, useLab } from '../store';

const STATUS_TEXT: Record<string, string> = {
  starting: 'Starting: loading the backend…',
  'warming-up': 'Warming up: compiling kernels…',
  running: 'Training',
  paused: 'Paused',
  done: 'Finished',
  stopped: 'Stopped',
  error: 'Stopped by an error',
};

/** The run's state in words: status, backend and why, progress, speed, and any error. */
export function RunStatus() {
  const run = useLab(selectActiveRun);
  if (!run) return <p className="run-status idle">Press Start to train. Nothing has run yet.</p>;
  const s = run.latest;
  const progress = s ? s.step / Math.max(1, s.totalSteps) : 0;
  const stepsPerSecond = s && s.trainMs > 0 ? (s.step * 1000) / s.trainMs : null;
  const chosen = run.backendAttempts.find((a) => a.ok);
  const skipped = run.backendAttempts.filter((a) => !a.ok);
  return (
    <div className="run-status" aria-live="polite">
      <div className="status-line">
        <span className={`status-badge status-${run.status}`} data-testid="run-status" data-status={run.status}>
          {STATUS_TEXT[run.status] ?? run.status}
        </span>
        <span className="backend-badge" data-testid="backend-in-use" data-backend={run.backend ?? ''}>
          Backend: <strong>{run.backend ?? '…'}</strong>
          {chosen ? <span className="muted"> ({chosen.note})</span> : null}
        </span>
        {s ? (
          <span className="muted" data-testid="progress-text">
            epoch {s.epoch.toFixed(1)} / {run.config.epochs} · step {s.step} / {s.totalSteps}
            {stepsPerSecond ? ` · ${stepsPerSecond.toFixed(0)} steps/s` : ''}
          </span>
        ) : null}
      </div>
      <progress max={1} value={progress} aria-label="Training progress" />
      {skipped.length ? (
        <p className="muted small" data-testid="backend-skipped">
          Not used: {skipped.map((a) => `${a.backend} (${a.note})`).join('; ')}
        </p>
      ) : null}
      {run.error ? (
        <div className="error-banner" role="alert" data-testid="run-error">
          <strong>The run stopped.</strong> {run.error.message}
        </div>
      ) : null}
    </div>
  );
}
