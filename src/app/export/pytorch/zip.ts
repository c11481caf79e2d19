/**
 * Export → PyTorch, as zip files: one run's project, or every run of the workspace in a folder
 * of its own beside a README that runs them all. The data is built as the worker builds it
 * (image pools downloaded first), so train.py sees exactly the run's examples.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { RunConfig } from '../../../training/config';
import type { Dataset } from '../../../training/data/dataset';
import { getMethod } from '../../../training/methods/registry';
import { loadDataset } from '../../../workers/datasets';
import type { RunView } from '../../store';
import { runConfigOf, stableKey, type Workspace } from '../../workspace';
import { slug } from '../download';
import { pytorchProject, type ProjectFiles } from './bundle';

/** Where public/data/ is served, seen from the page (the worker resolves it from its own URL). */
function pageDataUrl(): string {
  return import.meta.env.DEV ? new URL('/data/', location.origin).href : new URL('data/', document.baseURI).href;
}

function zippable(files: ProjectFiles, into: Zippable = {}, folder = ''): Zippable {
  for (const [path, content] of Object.entries(files)) into[`${folder}${path}`] = typeof content === 'string' ? strToU8(content) : content;
  return into;
}

/** A run's folder name: its number and method, e.g. run-2-balanced-softmax. */
export function runFolder(index: number, config: RunConfig): string {
  return `run-${index + 1}-${slug(config.method.id)}`;
}

/** Loads the data of a config (2-D: generated here; images: the shipped pools, fetched). */
export function datasetOf(config: RunConfig): Promise<Dataset> {
  return loadDataset(config, () => undefined, pageDataUrl());
}

/** What to tell a person whose export holds their own data (it has left the browser's storage as this zip); null otherwise. */
export function ownDataExportNote(config: Pick<RunConfig, 'dataset'>): string | null {
  if (config.dataset.kind !== 'own') return null;
  return `The zip holds your data (“${config.dataset.ownName}”, as the run split it) so that train.py trains on it: whoever you give the zip to gets the data.`;
}

/** The zip of one run's PyTorch project (files at the top level). */
export async function runProjectZip(config: RunConfig, runId?: string): Promise<Uint8Array> {
  return zipSync(zippable(pytorchProject(config, await datasetOf(config), runId)));
}

/** The README at the top of a workspace export. */
function workspaceReadme(folders: { folder: string; config: RunConfig }[]): string {
  const lines = folders.map(({ folder, config }) => `- \`${folder}/\`: ${getMethod(config.method.id).label}`);
  return [
    '# Long-Tail Lab workspace, exported to PyTorch',
    '',
    'One folder per run, each a complete project (see its README.md): the same data and seed, only the method differs.',
    '',
    ...lines,
    '',
    'Train them all, each writing its results.json (import them with Import… in the app):',
    '',
    '    for d in run-*/; do python3 "$d/train.py"; done',
    '',
  ].join('\n');
}

/**
 * The zip of every run of the workspace, each with the settings it trained with (a run not
 * trained yet: the workspace's). Runs with the same data and seed share one build of the data.
 */
export async function workspaceProjectZip(workspace: Workspace, runs: Record<string, RunView>): Promise<Uint8Array> {
  const datasets = new Map<string, Promise<Dataset>>();
  const entries: Zippable = {};
  const folders: { folder: string; config: RunConfig }[] = [];
  for (const [i, entry] of workspace.runs.entries()) {
    const config = runs[entry.id]?.config ?? runConfigOf(workspace.shared, entry.method);
    const key = stableKey([config.dataset, config.seed]);
    if (!datasets.has(key)) datasets.set(key, datasetOf(config));
    const folder = runFolder(i, config);
    zippable(pytorchProject(config, await (datasets.get(key) as Promise<Dataset>), entry.id), entries, `${folder}/`);
    folders.push({ folder, config });
  }
  entries['README.md'] = strToU8(workspaceReadme(folders));
  return zipSync(entries);
}
