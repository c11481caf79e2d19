/**
 * Start-up: which workspace opens (a link in the hash, else the stored one, else the
 * defaults), which stored results come with it, and from then on the hash and the storage
 * follow the store. A link never starts training by itself.
 */
import { loadWorkspace } from './actions';
import { openStore, StorageError, type KeyValueStore } from './persist/idb';
import { EMPTY_STORED, persistChanges, pruneStored, readStored, storageMessage, type StoredState } from './persist/sync';
import { decodePayload, fromLinkState, hashOf, payloadOfHash, toLinkState, type LinkError } from './share/codec';
import { useLab, type RunView } from './store';
import { configKey, defaultWorkspace, entryConfigKey, stableKey, type Workspace } from './workspace';

export interface Initial {
  workspace: Workspace;
  runs: Record<string, RunView>;
  /** Why the link in the hash was refused (the defaults were loaded instead). */
  linkError?: LinkError;
  /** The workspace came from a link, not from this browser's storage. */
  fromLink: boolean;
}

/** What a link shares: settings and runs, not which view happened to be open. */
const contentKey = (ws: Workspace) => {
  const { shared, runs } = toLinkState(ws);
  return stableKey({ shared, runs });
};

/**
 * A link's workspace takes the stored results of runs with exactly the same configuration:
 * reloading a page keeps its finished runs, and opening a link that matches them costs nothing.
 */
function adoptResults(ws: Workspace, stored: StoredState): Record<string, RunView> {
  const byConfig = new Map<string, RunView[]>();
  for (const run of Object.values(stored.runs)) {
    const key = configKey(run.config);
    byConfig.set(key, [...(byConfig.get(key) ?? []), run]);
  }
  const runs: Record<string, RunView> = {};
  for (const entry of ws.runs) {
    const match = byConfig.get(entryConfigKey(ws.shared, entry.method))?.shift();
    if (match) runs[entry.id] = { ...match, id: entry.id, attempt: `${entry.id}~restored` };
  }
  return runs;
}

export function chooseInitial(hash: string, stored: StoredState): Initial {
  const payload = payloadOfHash(hash);
  if (payload !== null) {
    const decoded = decodePayload(payload);
    if (!decoded.ok) return { workspace: defaultWorkspace(), runs: {}, linkError: decoded.error, fromLink: true };
    const fromLink = fromLinkState(decoded.state);
    if (stored.workspace && contentKey(stored.workspace) === contentKey(fromLink)) {
      // The page's own link (a reload): keep the stored ids and every result, stale ones too.
      const workspace = { ...stored.workspace, view: fromLink.view, selected: fromLink.selected, lesson: fromLink.lesson, present: fromLink.present };
      return { workspace, runs: pick(stored.runs, workspace), fromLink: false };
    }
    return { workspace: fromLink, runs: adoptResults(fromLink, stored), fromLink: true };
  }
  if (stored.workspace) return { workspace: stored.workspace, runs: pick(stored.runs, stored.workspace), fromLink: false };
  return { workspace: defaultWorkspace(), runs: {}, fromLink: false };
}

function pick(runs: Record<string, RunView>, ws: Workspace): Record<string, RunView> {
  return Object.fromEntries(ws.runs.flatMap((e) => (runs[e.id] ? [[e.id, runs[e.id] as RunView]] : [])));
}

function reportStorage(error: unknown): void {
  const e = error instanceof StorageError ? error : new StorageError('failed', String(error));
  useLab.getState().notify({ topic: 'storage', tone: e.problem === 'full' ? 'error' : 'warning', message: storageMessage(e) });
}

/** A way back to the workspace a link replaced, when there was one worth keeping. */
function reopenAction(previous: StoredState | null): { label: string; run: () => void } | undefined {
  const ws = previous?.workspace;
  if (!previous || !ws) return undefined;
  return {
    label: 'Reopen my previous workspace',
    run: () => {
      loadWorkspace(ws, pick(previous.runs, ws));
      useLab.getState().dismissNotice('link');
    },
  };
}

export function reportLinkError(error: LinkError, previous: StoredState | null = null): void {
  useLab.getState().notify({
    topic: 'link',
    tone: 'error',
    message: `${error.message} The default settings were loaded instead.`,
    details: error.details.length > 1 ? error.details.slice(0, 8) : undefined,
    action: reopenAction(previous),
  });
}

function announceLink(ws: Workspace, previous: StoredState | null = null): void {
  const n = ws.runs.length;
  useLab.getState().notify({
    topic: 'link',
    tone: 'info',
    message: `Opened a shared workspace with ${n} ${n === 1 ? 'run' : 'runs'}. Press Start to train ${n === 1 ? 'it' : 'them'}: a link never starts training by itself.`,
    action: reopenAction(previous),
  });
}

let lastHash = '';

function writeHash(ws: Workspace): void {
  const hash = hashOf(ws);
  if (hash === lastHash) return;
  lastHash = hash;
  history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
}

/** A link pasted into the address bar of an open tab changes only the hash: load it too. */
function onHashChange(): void {
  if (location.hash === lastHash) return;
  const payload = payloadOfHash(location.hash);
  if (payload === null) return;
  const decoded = decodePayload(payload);
  if (decoded.ok) {
    const ws = fromLinkState(decoded.state);
    loadWorkspace(ws);
    announceLink(ws);
  } else {
    loadWorkspace(defaultWorkspace());
    reportLinkError(decoded.error);
  }
}

/** Opens storage, picks the initial workspace and keeps hash and storage in step from then on. */
export async function boot(): Promise<void> {
  let kv: KeyValueStore | null = null;
  let stored = EMPTY_STORED;
  try {
    kv = await openStore();
    stored = await readStored(kv);
  } catch (e) {
    reportStorage(e);
  }
  const initial = chooseInitial(location.hash, stored);
  useLab.setState({ workspace: initial.workspace, runs: initial.runs });
  // The workspace this browser had, when a link replaced it: offered back until the next start.
  const previous = initial.fromLink && stored.workspace ? stored : null;
  if (initial.linkError) reportLinkError(initial.linkError, previous);
  else if (initial.fromLink) announceLink(initial.workspace, previous);
  if (stored.problems.length) {
    useLab.getState().notify({ topic: 'storage', tone: 'warning', message: `Some saved work could not be restored: ${stored.problems.slice(0, 3).join('; ')}.` });
  }
  writeHash(initial.workspace);
  useLab.subscribe((state, prev) => {
    if (state.workspace !== prev.workspace) writeHash(state.workspace);
  });
  window.addEventListener('hashchange', onHashChange);
  if (kv) {
    const store = kv;
    // Results of runs no longer in the workspace go, unless a link just replaced it: then they
    // stay until the next start, so "Reopen my previous workspace" can bring them back.
    if (!previous) await pruneStored(store, initial.runs).catch(reportStorage);
    persistChanges(store, useLab.subscribe, reportStorage);
    // The initial workspace may differ from the stored one (a link, the defaults): save it now.
    useLab.setState({ workspace: { ...useLab.getState().workspace } });
  }
}
