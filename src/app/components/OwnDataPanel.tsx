import { useCallback, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { deleteOwnData, listOwnData, storedBytes } from '../../storage/ownData';
import type { OwnData } from '../../training/data/own';
import { withValue } from '../schemaOptions';
import { useLab } from '../store';
import { DatasetCard } from './DatasetCard';
import { useOwnImport } from './useOwnImport';

const mb = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`);

/**
 * "Your own data": import a CSV / TSV (kept in this browser, never uploaded), see its card, pick
 * one of the stored data sets or delete it. Shown while the dataset is "own".
 */
export function OwnDataPanel() {
  const dataset = useLab(useShallow((s) => s.workspace.shared.dataset));
  const updateShared = useLab((s) => s.updateShared);
  const [stored, setStored] = useState<OwnData[] | null>(null);
  const [storeError, setStoreError] = useState<string | null>(null);
  const [label, setLabel] = useState<number | null>(null);
  const refresh = useCallback(() => {
    listOwnData().then(setStored, (e: unknown) => setStoreError(e instanceof Error ? e.message : String(e)));
  }, []);
  const choose = useCallback(
    (data: Pick<OwnData, 'hash' | 'name'>) => updateShared((c) => withValue(withValue(c, 'dataset.ownHash', data.hash), 'dataset.ownName', data.name)),
    [updateShared],
  );
  const onStored = useCallback(
    (data: OwnData) => {
      choose(data);
      refresh();
    },
    [choose, refresh],
  );
  const { state, parse, build, images, cancel } = useOwnImport(onStored, dataset.kind === 'own' ? dataset.ownHash : '');
  useEffect(() => {
    if (dataset.kind === 'own') refresh();
  }, [dataset.kind, refresh]);
  if (dataset.kind !== 'own') return null;

  const current = stored?.find((d) => d.hash === dataset.ownHash);
  const missing = dataset.ownHash !== '' && stored !== null && !current;
  const parsed = state.parsed;
  return (
    <section className="own-data" aria-label="Your own data" data-testid="own-data">
      <h3>Your own data</h3>
      <p className="panel-note">Files are read in this browser and kept in its storage; they are never uploaded, and links never carry them.</p>
      {missing ? (
        <p className="field-error" data-testid="own-missing">
          This workspace trains on “{dataset.ownName || 'a file'}”, which is not in this browser: the data is not in the link. Choose that file to continue; its SHA-256 ({dataset.ownHash.slice(0, 12)}…)
          confirms it is the same data.
        </p>
      ) : null}
      <label className="field">
        <span>CSV or TSV file (numeric features and one label column, at most 200,000 rows, 256 features and 50 MB)</span>
        <input
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
          data-testid="own-file"
          disabled={state.busy !== null}
          onChange={(e) => {
            const file = e.target.files?.[0];
            setLabel(null);
            if (file) parse(file);
            e.target.value = '';
          }}
        />
      </label>
      <label className="field">
        <span>Images: a zip with one subfolder per class (PNG, JPEG, WebP; resized to 28 × 28 grey)</span>
        <input
          type="file"
          accept=".zip,application/zip"
          data-testid="own-zip"
          disabled={state.busy !== null}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) images({ zip: file });
            e.target.value = '';
          }}
        />
      </label>
      <label className="field">
        <span>… or a folder of class folders</span>
        <input
          type="file"
          // webkitdirectory is not in React's types; it makes the picker choose a folder.
          {...{ webkitdirectory: '' }}
          multiple
          data-testid="own-folder"
          disabled={state.busy !== null}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            if (files.length) images({ folder: files });
            e.target.value = '';
          }}
        />
      </label>
      {state.busy ? (
        <p data-testid="own-progress">
          {state.busy}… <progress max={1} value={state.fraction} />
        </p>
      ) : null}
      {state.error ? (
        <p className="field-error" role="alert" data-testid="own-error">
          {state.error}
        </p>
      ) : null}
      {parsed && !state.busy ? (
        <div className="own-parsed">
          <p>
            {parsed.name}: {parsed.rows.toLocaleString()} rows, {parsed.columns.length} columns, delimiter “{parsed.delimiter === '\t' ? 'tab' : parsed.delimiter}”,{' '}
            {parsed.header ? 'with a header' : 'no header'}.
          </p>
          <label className="field">
            <span>Label column</span>
            <select data-testid="own-label" value={label ?? parsed.labelColumn} onChange={(e) => setLabel(Number(e.target.value))}>
              {parsed.columns.map((c, i) => (
                <option key={i} value={i}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="primary-outline" data-testid="own-import" onClick={() => build(label ?? parsed.labelColumn)}>
            Import
          </button>{' '}
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      ) : null}
      {current ? <DatasetCard data={current} config={dataset} /> : null}
      {storeError ? <p className="field-error">Storage: {storeError}</p> : null}
      {stored?.length ? (
        <ul className="own-stored" data-testid="own-stored">
          {stored.map((d) => (
            <li key={d.hash}>
              {d.hash === dataset.ownHash ? <strong>{d.name}</strong> : d.name} · {mb(storedBytes(d))} in this browser{' '}
              {d.hash !== dataset.ownHash ? (
                <button type="button" className="link-button" onClick={() => choose(d)}>
                  Use
                </button>
              ) : null}{' '}
              <button
                type="button"
                className="link-button"
                data-testid="own-delete"
                onClick={() => {
                  deleteOwnData(d.hash).then(refresh, (e: unknown) => setStoreError(e instanceof Error ? e.message : String(e)));
                }}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
