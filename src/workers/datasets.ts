/** Builds a run's dataset inside the worker, downloading image pools first when it needs them. */
import type { RunConfig } from '../training/config';
import { buildDataset } from '../training/data/build';
import { IMAGE_DATASETS, isImageDataset, trainPoolKey } from '../training/data/catalog';
import type { Dataset } from '../training/data/dataset';
import { loadOwnData } from '../storage/ownData';
import { withUnlabelledPool } from '../training/unlabelled/pool';
import { fetchManifest, loadPool, type ProgressFn } from './dataLoader';

/**
 * Where public/data/ is served. The built worker lives in <site>/assets/, so ../data/ works on
 * any host and in any folder; the dev server serves public/ at the root.
 */
export function defaultDataUrl(): string {
  return import.meta.env.DEV ? new URL('/data/', self.location.origin).href : new URL('../data/', self.location.href).href;
}

export async function loadDataset(config: RunConfig, onProgress: ProgressFn, dataUrl = defaultDataUrl()): Promise<Dataset> {
  const d = config.dataset;
  if (d.kind === 'own') {
    const own = await loadOwnData(d.ownHash);
    if (!own) throw new Error(`${d.ownName || 'Your own data'} is not in this browser (it is never uploaded): import the file under "Your own data" first.`);
    if (config.model.kind !== 'mlp' && own.inputShape.length !== 3) throw new Error(`The ${config.model.kind.toUpperCase()} needs images; ${own.name} is a table: choose the MLP.`);
    return buildDataset(d, config.seed, undefined, own);
  }
  if (!isImageDataset(d.kind)) return withUnlabelledPool(config, buildDataset(d, config.seed));
  const manifest = await fetchManifest(dataUrl);
  const info = IMAGE_DATASETS[d.kind];
  const train = await loadPool(dataUrl, manifest, trainPoolKey(d.kind, d.nMax), onProgress);
  const test = await loadPool(dataUrl, manifest, info.testKey, onProgress);
  return withUnlabelledPool(config, buildDataset(d, config.seed, { train, test }), train);
}
