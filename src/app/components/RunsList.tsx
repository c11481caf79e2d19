import { useMemo } from 'react';
import { seriesColor } from '../../charts/palette';
import { removeRunEverywhere, runOne } from '../actions';
import { stopRun } from '../bridge';
import { isBusy, selectSelectedEntry, useLab, type RunView } from '../store';
import { downloadBlob } from '../export/download';
import { isStale, MAX_RUNS, methodLabel, runConfigOf, type RunEntry } from '../workspace';
import { Fieldset } from './fields';
import { MethodOptions, RunEditor } from './MethodPicker';

/** Two overlapping squares: "⧉" is missing from common system fonts. */
function DuplicateIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" style={{ verticalAlign: 'middle' }}>
      <rect x="1.5" y="1.5" width="8" height="8" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <rect x="4.5" y="4.5" width="8" height="8" rx="1.5" fill="#fff" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

/** A run's state in a few characters, for the list. */
function shortStatus(run: RunView | undefined, stale: boolean): string {
  if (!run) return 'not run';
  const s = run.latest;
  switch (run.status) {
    case 'running':
    case 'warming-up':
      return s ? `${Math.round((100 * s.step) / Math.max(1, s.totalSteps))}%` : 'starting';
    case 'done':
      return stale ? 'done · settings changed' : 'done';
    default:
      return run.status;
  }
}

function RunRow({ entry, index, selected, count }: { entry: RunEntry; index: number; selected: boolean; count: number }) {
  const run = useLab((s) => s.runs[entry.id]);
  const shared = useLab((s) => s.workspace.shared);
  const selectRunEntry = useLab((s) => s.selectRunEntry);
  const duplicateRunEntry = useLab((s) => s.duplicateRunEntry);
  const stale = isStale(run, shared, entry.method);
  const label = useMemo(() => methodLabel(entry.method), [entry.method]);
  const busy = isBusy(run?.status);
  const n = index + 1;
  const notify = useLab((s) => s.notify);
  // The settings the run trained with; a run not trained yet: the workspace's with its method.
  const exportPytorch = async () => {
    const config = run?.config ?? runConfigOf(shared, entry.method);
    try {
      // Loaded on first use: train.py and the zip library stay out of the page's first download.
      const { runProjectZip, runFolder, ownDataExportNote } = await import('../export/pytorch/zip');
      const zip = await runProjectZip(config, entry.id);
      downloadBlob(`${runFolder(index, config)}-pytorch.zip`, new Blob([zip as BlobPart], { type: 'application/zip' }));
      const note = ownDataExportNote(config);
      if (note) notify({ topic: 'share', tone: 'info', message: note });
    } catch (e) {
      notify({ topic: 'share', tone: 'error', message: `The PyTorch export failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  return (
    <li className={`run-row${selected ? ' selected' : ''}`} data-testid="run-row" data-status={run?.status ?? 'none'} aria-current={selected ? 'true' : undefined}>
      <button type="button" className="run-pick" onClick={() => selectRunEntry(entry.id)} title="Show this run in the Run view and edit its method">
        <span className="swatch" style={{ background: seriesColor(index) }} aria-hidden="true" />
        <span className="run-name">
          {n} · {label}
        </span>
        <span className={`run-chip chip-${run?.status ?? 'none'}${stale ? ' chip-stale' : ''}`} data-testid="run-row-status">
          {shortStatus(run, stale)}
        </span>
      </button>
      <span className="run-actions">
        <button type="button" aria-label={`${run ? 'Re-run' : 'Run'} run ${n}`} title={run ? 'Train this run again' : 'Train this run'} disabled={busy} onClick={() => runOne(entry.id)} data-testid="run-rerun">
          {run ? '↻' : '▶'}
        </button>
        <button type="button" aria-label={`Stop run ${n}`} title="Stop this run, keeping what it reached" disabled={!busy} onClick={() => stopRun(entry.id)} data-testid="run-stop">
          ■
        </button>
        <button type="button" aria-label={`Duplicate run ${n}`} title="Add a copy of this run (same method and parameters)" disabled={count >= MAX_RUNS} onClick={() => duplicateRunEntry(entry.id)} data-testid="run-duplicate">
          <DuplicateIcon />
        </button>
        <button type="button" aria-label={`Export run ${n} to PyTorch`} title="Export → PyTorch: this run as a project (train.py, run.json, data, README) in a zip" onClick={() => void exportPytorch()} data-testid="run-export-pytorch">
          ⇩
        </button>
        <button type="button" aria-label={`Remove run ${n}`} title="Remove this run and its results" disabled={count <= 1} onClick={() => removeRunEverywhere(entry.id)} data-testid="run-remove">
          ✕
        </button>
      </span>
    </li>
  );
}

/**
 * The runs of the workspace: each trains the same data from the same seed with its own method.
 * Add, select (to edit or view), re-run, stop, duplicate, remove.
 */
export function RunsList() {
  const entries = useLab((s) => s.workspace.runs);
  const selectedIndex = useLab((s) => s.workspace.selected);
  const selected = useLab(selectSelectedEntry);
  const selectedRun = useLab((s) => (selected ? s.runs[selected.id] : undefined));
  const addRunEntry = useLab((s) => s.addRunEntry);
  const full = entries.length >= MAX_RUNS;
  return (
    <Fieldset legend={`Runs (${entries.length} of ${MAX_RUNS})`}>
      <p className="field-hint runs-hint">Every run trains on the same data from the same seed; only the method differs.</p>
      <ol className="runs-list" data-testid="runs-list">
        {entries.map((entry, i) => (
          <RunRow key={entry.id} entry={entry} index={i} selected={i === selectedIndex} count={entries.length} />
        ))}
      </ol>
      <div className="field add-run">
        <select
          value=""
          disabled={full}
          aria-label="Add a run with a method"
          data-testid="add-run"
          onChange={(e) => {
            if (e.target.value) addRunEntry(e.target.value);
          }}
        >
          <option value="">{full ? `At most ${MAX_RUNS} runs` : '+ Add a run with…'}</option>
          <MethodOptions />
        </select>
      </div>
      {selected ? <RunEditor entry={selected} index={selectedIndex} locked={isBusy(selectedRun?.status)} /> : null}
    </Fieldset>
  );
}
