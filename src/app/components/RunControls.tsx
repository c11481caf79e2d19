import { discardRun, pauseRun, resumeRun, setRunSpeed, startRun, stepRun } from '../bridge';
import { downloadJson, runResults } from '../exportResults';
import { selectActiveRun, useLab } from '../store';
import { SPEEDS, type Speed } from '../../workers/protocol';

const SPEED_LABELS: Record<Speed, string> = {
  slow: `Slow (${SPEEDS.slow} steps/s)`,
  medium: `Medium (${SPEEDS.medium} steps/s)`,
  fast: `Fast (${SPEEDS.fast} steps/s)`,
  max: 'As fast as possible',
};

export function isLive(status: string | undefined): boolean {
  return status === 'starting' || status === 'warming-up' || status === 'running' || status === 'paused';
}

/** Start, Pause / Resume, Step, Reset, speed, and export. */
export function RunControls() {
  const run = useLab(selectActiveRun);
  const config = useLab((s) => s.config);
  const speed = useLab((s) => s.speed);
  const setSpeed = useLab((s) => s.setSpeed);
  const live = isLive(run?.status);
  const paused = run?.status === 'paused';

  const start = () => {
    if (run) discardRun(run.id);
    startRun(config, speed);
  };
  const step = () => {
    if (run && live) return stepRun(run.id);
    if (run) discardRun(run.id);
    stepRun(startRun(config, speed));
  };

  return (
    <div className="run-controls" role="toolbar" aria-label="Run controls">
      <button type="button" className="primary" onClick={start} disabled={live} data-testid="start">
        {run && !live ? 'Start again' : 'Start'}
      </button>
      <button
        type="button"
        onClick={() => run && (paused ? resumeRun(run.id) : pauseRun(run.id))}
        disabled={!live || run?.status === 'starting'}
        data-testid="pause"
      >
        {paused ? 'Resume' : 'Pause'}
      </button>
      <button type="button" onClick={step} disabled={run?.status === 'starting'} data-testid="step" title="Train one mini-batch, then pause">
        Step
      </button>
      <button type="button" onClick={() => run && discardRun(run.id)} disabled={!run} data-testid="reset" title="Stop and clear this run">
        Reset
      </button>
      <label className="speed">
        Speed
        <select
          value={speed}
          data-testid="speed"
          onChange={(e) => {
            const next = e.target.value as Speed;
            setSpeed(next);
            if (run && live) setRunSpeed(run.id, next);
          }}
        >
          {(Object.keys(SPEEDS) as Speed[]).map((s) => (
            <option key={s} value={s}>
              {SPEED_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="secondary"
        disabled={!run?.latest}
        data-testid="export"
        onClick={() => run && downloadJson(`long-tail-lab-${run.config.method.id}-seed${run.config.seed}.json`, runResults(run))}
      >
        Export results
      </button>
    </div>
  );
}
