/**
 * The workspace as a file: settings and runs (the same versioned schema as a link) plus the
 * results of every run that has them. Importing validates it as strictly as a link: the
 * workspace by the link schema, each run's results by the stored-record schema.
 */
import { fromRecord, toPlain, toRecord } from '../persist/records';
import { fromLinkState, toLinkState } from '../share/codec';
import { parseLinkState, type LinkState } from '../share/schema';
import type { RunView } from '../store';
import type { Workspace } from '../workspace';

export const WORKSPACE_FILE_KIND = 'long-tail-lab-workspace';
export const WORKSPACE_FILE_FORMAT = 1;
/** A workspace of eight long runs is a few MB; anything far larger is not one of ours. */
export const MAX_WORKSPACE_FILE_BYTES = 50 * 1024 * 1024;

export interface WorkspaceFile {
  kind: typeof WORKSPACE_FILE_KIND;
  format: typeof WORKSPACE_FILE_FORMAT;
  exportedAt: string;
  workspace: LinkState;
  /** Results of run i, or null when it has none; JSON-ready (typed arrays as arrays). */
  results: unknown[];
}

export function workspaceFile(ws: Workspace, runs: Record<string, RunView>): WorkspaceFile {
  return {
    kind: WORKSPACE_FILE_KIND,
    format: WORKSPACE_FILE_FORMAT,
    exportedAt: new Date().toISOString(),
    workspace: toLinkState(ws),
    results: ws.runs.map((entry) => {
      const run = runs[entry.id];
      return run ? toPlain(toRecord(run)) : null;
    }),
  };
}

export type ImportResult =
  | { ok: true; workspace: Workspace; runs: Record<string, RunView>; skipped: string[] }
  | { ok: false; error: string };

/** Reads a workspace file's text. Never throws; the error says what was wrong. */
export function readWorkspaceFile(text: string): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'The file is not a Long-Tail Lab workspace: it is not valid JSON.' };
  }
  if (typeof data !== 'object' || data === null || (data as { kind?: unknown }).kind !== WORKSPACE_FILE_KIND) {
    return { ok: false, error: 'The file is not a Long-Tail Lab workspace (it lacks kind: "long-tail-lab-workspace"). Results exports cannot be imported; workspace files can.' };
  }
  const file = data as Partial<WorkspaceFile>;
  if (typeof file.format !== 'number' || file.format > WORKSPACE_FILE_FORMAT) {
    return { ok: false, error: `The file was written by a newer version of Long-Tail Lab (format ${String(file.format).slice(0, 12)}; this one reads format ${WORKSPACE_FILE_FORMAT}).` };
  }
  const parsed = parseLinkState(file.workspace);
  if (!parsed.ok) {
    const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
    return { ok: false, error: `The file's workspace is not valid: ${parsed.errors[0] ?? 'unknown problem'}${more}.` };
  }
  const workspace = fromLinkState(parsed.state);
  const results = Array.isArray(file.results) ? file.results : [];
  const runs: Record<string, RunView> = {};
  const skipped: string[] = [];
  workspace.runs.forEach((entry, i) => {
    const raw = results[i];
    if (raw === null || raw === undefined) return;
    const record = fromRecord(raw);
    if (record.ok) runs[entry.id] = { ...record.run, id: entry.id, attempt: `${entry.id}~imported` };
    else skipped.push(`run ${i + 1}: ${record.error}`);
  });
  return { ok: true, workspace, runs, skipped };
}
