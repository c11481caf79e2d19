import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MEMORISATION_LIMITS } from '../../training/measures/memorisation';
import { forgetExplorer, openExplorer, pauseExplorer, removalsAt, startExplorer, stopExplorer, useExplorer } from '../memorisation/explorer';
import { explorerKey, formatDuration, missingModels, timeLeftMs, totalJobs } from '../memorisation/plan';
import { useLab } from '../store';
import { methodLabel, runConfigOf, type MemorisationSettings } from '../workspace';
import { NumberField } from './fields';
import { MemorisationViews } from './MemorisationViews';

const DEFAULTS: MemorisationSettings = { models: MEMORISATION_LIMITS.models.default, fraction: MEMORISATION_LIMITS.fraction.default };

/**
 * The memorisation explorer (Feldman & Zhang 2020): t models of the selected run's method, each
 * trained on a random subset of the training set, give every training example's memorisation and
 * its influence on every test example. The models train in their own workers, apart from the
 * comparison, and are kept in this browser, so a reload loses none that finished.
 */
export function MemorisationCard() {
  const { workspace, replaceWorkspace } = useLab(useShallow((s) => ({ workspace: s.workspace, replaceWorkspace: s.replaceWorkspace })));
  const settings = workspace.memorisation;
  const entry = workspace.runs[workspace.selected] ?? workspace.runs[0];
  const config = useMemo(() => (entry ? runConfigOf(workspace.shared, entry.method) : null), [workspace.shared, entry]);
  const key = config && settings ? explorerKey(config, settings.fraction) : null;
  const models = settings?.models ?? DEFAULTS.models;
  useEffect(() => {
    if (config && settings && key) void openExplorer(config, settings, key);
    // settings.models changes only t (same key): openExplorer takes it without reloading.
  }, [config, settings, key]);
  const explorer = useExplorer();
  const update = (patch: Partial<MemorisationSettings>) => replaceWorkspace({ ...workspace, memorisation: { ...(settings ?? DEFAULTS), ...patch } });

  if (!settings || !entry) {
    return (
      <p>
        <button type="button" data-testid="open-memorisation" onClick={() => update({})}>
          Explore memorisation (subset models)
        </button>
      </p>
    );
  }
  const current = explorer.key === key;
  const trained = current ? explorer.models.filter((m) => m.k < models) : [];
  const removals = current ? removalsAt(explorer.removals, models) : [];
  const nTrain = explorer.data?.trainY.length;
  const total = nTrain ? totalJobs(models, nTrain) : models;
  const done = trained.length + removals.length;
  const remaining = Math.max(0, total - done);
  const leftToTrain = current ? missingModels(explorer.models, models).length : models;
  const busy = explorer.status === 'running' || explorer.status === 'paused';
  const limits = MEMORISATION_LIMITS;
  return (
    <section className="card memorisation" data-testid="memorisation">
      <h3>Memorisation explorer</h3>
      <p className="muted">
        Feldman &amp; Zhang, <em>What neural networks memorize and why</em> (2020): train t models of run {workspace.selected + 1} ({methodLabel(entry.method)}), each
        on a random {Math.round(settings.fraction * 100)} % of the training set. An example is <strong>memorised</strong> when the models that trained on it get it
        right and the others do not: mem(i) = P[right | i in the subset] − P[right | i left out]. Then a few models retrain without the most memorised
        examples, and as many without random ones, to see what the memorised examples are worth on the test set.
      </p>
      <div className="memo-controls">
        <NumberField
          label="Models t"
          testId="memo-models"
          integer
          min={limits.models.min}
          max={limits.models.max}
          value={models}
          disabled={busy}
          onCommit={(v) => {
            update({ models: v });
            return [];
          }}
        />
        <NumberField
          label="Subset fraction"
          testId="memo-fraction"
          step={0.05}
          min={limits.fraction.min}
          max={limits.fraction.max}
          value={settings.fraction}
          disabled={busy}
          onCommit={(v) => {
            update({ fraction: Math.round(v * 100) / 100 });
            return [];
          }}
        />
        {explorer.status === 'running' ? (
          <button type="button" data-testid="memo-pause" onClick={pauseExplorer}>
            Pause
          </button>
        ) : (
          <button type="button" data-testid="memo-start" disabled={!current || explorer.status === 'loading' || (remaining === 0 && nTrain !== undefined)} onClick={startExplorer}>
            {explorer.status === 'paused' ? 'Resume' : remaining === 0 && nTrain !== undefined ? 'All trained' : done > 0 ? `Continue (${remaining} left)` : `Train ${models} models`}
          </button>
        )}
        <button type="button" data-testid="memo-stop" disabled={!busy} onClick={stopExplorer}>
          Stop
        </button>
        <button type="button" data-testid="memo-forget" disabled={busy || explorer.models.length + explorer.removals.length === 0} onClick={() => void forgetExplorer()}>
          Forget stored models
        </button>
      </div>
      <div className="memo-progress">
        <progress data-testid="memo-progress" max={total} value={done} aria-label="Memorisation models trained" />
        <span data-testid="memo-status" data-status={explorer.status} data-done={done} data-total={total} data-workers={explorer.workers}>
          {done} of {total} models
          {leftToTrain > 0 ? ` (${leftToTrain} subset models to go)` : trained.length === models ? ' (all subset models trained)' : ''}
          {explorer.status === 'running' ? ` · ${explorer.workers} ${explorer.workers === 1 ? 'worker' : 'workers'} · time left ${formatDuration(timeLeftMs(explorer.msPerModel, remaining, explorer.workers))}` : ''}
          {explorer.status === 'paused' ? ' · paused' : ''}
          {explorer.status === 'loading' ? ' · reading stored models…' : ''}
        </span>
        {current && explorer.restored > 0 ? (
          <span className="muted" data-testid="memo-kept" data-kept={explorer.restored}>
            {' '}
            {explorer.restored} finished {explorer.restored === 1 ? 'model was' : 'models were'} found in this browser.
          </span>
        ) : null}
      </div>
      {explorer.storage ? (
        <p className="notice notice-warning" role="status" data-testid="memo-storage">
          {explorer.storage}
        </p>
      ) : null}
      {explorer.error ? (
        <p className="notice notice-error" role="alert" data-testid="memo-error">
          {explorer.error}
        </p>
      ) : null}
      {current && explorer.data && trained.length >= 2 ? (
        <MemorisationViews models={trained} removals={removals} data={explorer.data} t={models} />
      ) : (
        <p className="muted">The views appear once two models have finished{current && explorer.models.length > 0 && !explorer.data ? ' and the data is loaded' : ''}.</p>
      )}
    </section>
  );
}
