import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { addImportedRun, loadWorkspace } from '../actions';
import { compareRuns } from '../compare';
import { downloadBlob, downloadJson, downloadText } from '../export/download';
import { isPytorchResults, readPytorchResults } from '../export/pytorch/importResults';
import { allResults, resultsCsv } from '../export/results';
import { MAX_WORKSPACE_FILE_BYTES, readWorkspaceFile, workspaceFile } from '../export/workspaceFile';
import { hashOf } from '../share/codec';
import { useLab } from '../store';

const stamp = () => new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');

/** Share and keep: copy the workspace's link, export results and the workspace, import a workspace file. */
export function ShareBar() {
  // Not the runs themselves: the bar would redraw on every snapshot. Exports read them on click.
  const { workspace, notify } = useLab(useShallow((s) => ({ workspace: s.workspace, notify: s.notify })));
  const hasResults = useLab((s) => Object.values(s.runs).some((r) => r.latest));
  const compared = () => compareRuns(workspace, useLab.getState().runs);
  const [copied, setCopied] = useState<{ url: string; ok: boolean } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const copyLink = async () => {
    const url = `${location.origin}${location.pathname}${hashOf(workspace)}`;
    try {
      await navigator.clipboard.writeText(url);
      setCopied({ url, ok: true });
    } catch {
      setCopied({ url, ok: false });
    }
  };

  const importFile = async (file: File) => {
    if (file.size > MAX_WORKSPACE_FILE_BYTES) {
      notify({ topic: 'import', tone: 'error', message: `“${file.name.slice(0, 80)}” is too large to be a workspace file (${(file.size / 1e6).toFixed(0)} MB).` });
      return;
    }
    const text = await file.text();
    if (importPytorch(file.name, text)) return;
    const result = readWorkspaceFile(text);
    if (!result.ok) {
      notify({ topic: 'import', tone: 'error', message: `“${file.name.slice(0, 80)}” was not imported. ${result.error} Nothing was changed.` });
      return;
    }
    loadWorkspace(result.workspace, result.runs);
    const n = Object.keys(result.runs).length;
    notify({
      topic: 'import',
      tone: result.skipped.length ? 'warning' : 'info',
      message: `Imported “${file.name.slice(0, 80)}”: ${result.workspace.runs.length} runs, ${n} with results.${result.skipped.length ? ` Results skipped: ${result.skipped.slice(0, 3).join('; ')}.` : ''}`,
    });
  };

  /** A results.json of an exported train.py joins the workspace as a PyTorch run; false for any other file. */
  const importPytorch = (name: string, text: string): boolean => {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return false;
    }
    if (!isPytorchResults(data)) return false;
    const result = readPytorchResults(data);
    const id = result.ok ? addImportedRun(result.run) : null;
    const why = result.ok ? 'the workspace already has its largest number of runs' : result.error;
    notify({
      topic: 'import',
      tone: id ? 'info' : 'error',
      message: id ? `Imported the PyTorch run “${name.slice(0, 80)}”: it is in the leaderboard, marked PyTorch.` : `“${name.slice(0, 80)}” was not imported: ${why}.`,
    });
    return true;
  };

  const exportPytorch = async () => {
    try {
      // Loaded on first use: train.py and the zip library stay out of the page's first download.
      const { workspaceProjectZip, ownDataExportNote } = await import('../export/pytorch/zip');
      const zip = await workspaceProjectZip(workspace, useLab.getState().runs);
      downloadBlob(`long-tail-lab-pytorch-${stamp()}.zip`, new Blob([zip as BlobPart], { type: 'application/zip' }));
      const note = ownDataExportNote(workspace.shared);
      if (note) notify({ topic: 'share', tone: 'info', message: note });
    } catch (e) {
      notify({ topic: 'share', tone: 'error', message: `The PyTorch export failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  };

  return (
    <div className="share-bar" role="toolbar" aria-label="Share and save">
      <button type="button" className="primary-outline" onClick={copyLink} data-testid="copy-link" title="Copy a link that opens these settings and runs (not their results)">
        Copy link
      </button>
      <span className="share-label">Export:</span>
      <button type="button" disabled={!hasResults} data-testid="export-csv" onClick={() => downloadText(`long-tail-lab-results-${stamp()}.csv`, resultsCsv(compared()), 'text/csv')}>
        Results CSV
      </button>
      <button type="button" disabled={!hasResults} data-testid="export-json" onClick={() => downloadJson(`long-tail-lab-results-${stamp()}.json`, allResults(workspace, compared()))}>
        Results JSON
      </button>
      <button type="button" data-testid="export-workspace" title="Settings, runs and their results, as a file you can import again" onClick={() => downloadJson(`long-tail-lab-workspace-${stamp()}.json`, workspaceFile(workspace, useLab.getState().runs))}>
        Workspace file
      </button>
      <button type="button" data-testid="export-pytorch-workspace" title="Every run as a PyTorch project (train.py, run.json, data, README), in one zip" onClick={() => void exportPytorch()}>
        PyTorch (zip)
      </button>
      <button type="button" data-testid="import-workspace" onClick={() => fileInput.current?.click()} title="Open a workspace file exported earlier, or the results.json of an exported train.py">
        Import…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importFile(file);
        }}
      />
      {copied ? (
        <span className="copied" role="status" data-testid="copy-status">
          {copied.ok ? `Link copied (${copied.url.length.toLocaleString('en')} characters).` : 'Could not copy automatically: select the link and copy it.'}
          {workspace.shared.dataset.kind === 'own' ? (
            <strong data-testid="own-link-note"> Your data is not in the link: whoever opens it is asked for “{workspace.shared.dataset.ownName}”, and its SHA-256 is checked.</strong>
          ) : null}
          <input className="link-text" readOnly value={copied.url} aria-label="Link to this workspace" data-testid="link-text" onFocus={(e) => e.target.select()} />
        </span>
      ) : null}
    </div>
  );
}
