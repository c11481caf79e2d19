import { pauseAll, resetAll, resumeAll, setSpeedAll, stepAll, stopAll } from '../actions';
import { maxParallelRuns } from '../bridge';
import { selectEstimateMs, startAllAfterConfirmation } from '../costEstimate';
import { formatDuration } from '../estimate';
import { downloadJson } from '../export/download';
import { runResults } from '../export/results';
import { selectAnyBusy, selectAnyPaused, selectAnyResults, selectAnyTraining, selectSelectedRun, useLab } from '../store';
import { SPEEDS, type Speed } from '../../workers/protocol';

const SPEED_LABELS: Record<Speed, string> = {
  slow: `Slow (${SPEEDS.slow} steps/s)`,
  medium: `Medium (${SPEEDS.medium} steps/s)`,
  fast: `Fast (${SPEEDS.fast} steps/s)`,
  max: 'As fast as possible',
};

/** Start, Pause / Resume, Step, Stop, Reset and speed: each applies to every run of the workspace. */
export function RunControls() {
  const count = useLab((s) => s.workspace.runs.length);
  const selected = useLab(selectSelectedRun);
  const busy = useLab(selectAnyBusy);
  const training = useLab(selectAnyTraining);
  const paused = useLab(selectAnyPaused);
  const hasResults = useLab(selectAnyResults);
  const speed = useLab((s) => s.speed);
  const showResume = paused && !training;
  const all = count > 1 ? ` all ${count}` : '';
  const parallel = maxParallelRuns();
  const estimateMs = useLab(selectEstimateMs);

  return (
    <div className="run-controls" role="toolbar" aria-label="Run controls">
      <button
        type="button"
        className="primary"
        onClick={startAllAfterConfirmation}
        disabled={busy}
        data-testid="start"
        aria-keyshortcuts="Space"
        title={count > 1 ? `Train every run afresh, ${parallel} at a time on this machine; the rest wait in a queue` : 'Train the run'}
      >
        {hasResults ? `Start${all} again` : count > 1 ? `Start${all}` : 'Start'}
      </button>
      {!busy ? (
        <span className="muted small" data-testid="estimate" data-ms={Math.round(estimateMs)} title="From the settings and the speed measured in this browser; refined as the runs train">
          Estimated: {formatDuration(estimateMs)}
        </span>
      ) : null}
      <button type="button" onClick={() => (showResume ? resumeAll() : pauseAll())} disabled={!training && !paused} data-testid="pause" aria-keyshortcuts="Space">
        {showResume ? 'Resume' : 'Pause'}
      </button>
      <button type="button" onClick={stepAll} disabled={selected?.status === 'starting'} data-testid="step" aria-keyshortcuts="ArrowRight" title="Train one mini-batch of every running run, then pause">
        Step
      </button>
      <button type="button" onClick={stopAll} disabled={!busy} data-testid="stop-all" title="Stop every run, keeping what each reached">
        Stop
      </button>
      <button type="button" onClick={resetAll} disabled={!hasResults} data-testid="reset" aria-keyshortcuts="R" title="Stop every run and clear all results">
        Reset
      </button>
      <label className="speed">
        Speed
        <select value={speed} data-testid="speed" onChange={(e) => setSpeedAll(e.target.value as Speed)}>
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
        disabled={!selected?.latest}
        data-testid="export"
        title="The selected run's results as JSON"
        onClick={() => selected && downloadJson(`long-tail-lab-${selected.config.method.id}-seed${selected.config.seed}.json`, runResults(selected))}
      >
        Export run
      </button>
    </div>
  );
}
