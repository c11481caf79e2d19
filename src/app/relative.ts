/**
 * Relative accuracy's reference runs, as data (pure): which balanced runs a workspace needs and
 * each run's RA once they have finished. app/references.ts queues them; see there for why they
 * live beside the workspace rather than in it.
 */
import type { RunConfig } from '../training/config';
import { referenceConfigs, relativeAccuracy, type RelativeAccuracy } from '../training/measures/relativeAccuracy';
import type { RunView } from './store';
import { configKey, runConfigOf, type RunEntry, type Workspace } from './workspace';

const PREFIX = 'ref-';

/** A short stable id from a configuration (FNV-1a of its canonical key). */
export function referenceId(config: RunConfig): string {
  let h = 0x811c9dc5;
  for (const ch of configKey(config)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `${PREFIX}${h.toString(36)}`;
}

export const isReferenceId = (id: string) => id.startsWith(PREFIX);

const neededByWorkspace = new WeakMap<Workspace, Map<string, RunConfig>>();

/** The reference runs the workspace needs, by id (none while the switch is off). */
export function neededReferences(ws: Workspace): Map<string, RunConfig> {
  if (!ws.relativeAccuracy) return new Map();
  // Asked on every store update (snapshots included): parse the configurations once per workspace.
  const known = neededByWorkspace.get(ws);
  if (known) return known;
  const needed = new Map<string, RunConfig>();
  neededByWorkspace.set(ws, needed);
  for (const entry of ws.runs) {
    const { vanilla, same } = referenceConfigs(runConfigOf(ws.shared, entry.method));
    for (const c of [vanilla, same]) if (c) needed.set(referenceId(c), c);
  }
  return needed;
}

/** The finished references' accuracy, NaN until then. */
function referenceAccuracy(runs: Record<string, RunView>, config: RunConfig | null): number {
  const run = config ? runs[referenceId(config)] : undefined;
  return run?.status === 'done' && run.latest ? run.latest.test.accuracy : NaN;
}

/** RA and A_u of one workspace run (NaN while a reference or the run itself has no final accuracy). */
export function entryRelativeAccuracy(ws: Workspace, entry: RunEntry, runs: Record<string, RunView>): RelativeAccuracy {
  const { vanilla, same } = referenceConfigs(runConfigOf(ws.shared, entry.method));
  const run = runs[entry.id];
  const accuracy = run?.status === 'done' && run.latest ? run.latest.test.accuracy : NaN;
  return relativeAccuracy(accuracy, referenceAccuracy(runs, vanilla), referenceAccuracy(runs, same));
}
