/**
 * Relative accuracy's reference runs (training/measures/relativeAccuracy.ts): while the switch
 * is on, every run of the workspace needs cross-entropy and its own method trained on a balanced
 * set of the same size. They are runs of the store but not of the workspace — never in the
 * runs list, the comparison or its charts — keyed by their configuration, so runs on the same
 * data and seed share them (two cross-entropy-like entries need one A_v).
 */
import { isBusy } from '../training/lifecycle';
import { discardRun, queueRun } from './bridge';
import { isReferenceId, neededReferences } from './relative';
import { useLab } from './store';

/** Queues the missing references; drops ones no longer needed that still hold or wait for a core (finished ones stay, cheap to keep). */
export function syncReferenceRuns(): void {
  const { workspace, runs } = useLab.getState();
  const needed = neededReferences(workspace);
  for (const [id, config] of needed) if (!runs[id]) queueRun(id, config);
  for (const run of Object.values(runs)) if (isReferenceId(run.id) && !needed.has(run.id) && isBusy(run.status)) discardRun(run.id);
}

/** Keeps the references in step with the workspace from now on. */
export function followReferenceRuns(): () => void {
  let syncing = false;
  const sync = () => {
    if (syncing) return;
    syncing = true;
    try {
      syncReferenceRuns();
    } finally {
      syncing = false;
    }
  };
  sync();
  return useLab.subscribe((s, prev) => {
    if (s.workspace !== prev.workspace || s.runs !== prev.runs) sync();
  });
}
