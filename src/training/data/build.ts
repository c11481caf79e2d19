import { profileOf, type DatasetConfig } from '../config';
import { IMAGE_DATASETS, isImageDataset } from './catalog';
import type { Dataset } from './dataset';
import { makeImageDataset, type ImagePool } from './images';
import type { TestDistributionSpec } from './longtail';
import { buildOwnDataset, type OwnData } from './own';
import { makeSynthetic } from './synthetic';
import { makeAssocMemory } from './assocMemory';

/** The decoded image pools an image dataset is drawn from (loaded by the worker). */
export interface ImagePools {
  train: ImagePool;
  test: ImagePool;
}

/**
 * The dataset a config describes. Same config and seed, same data, on every backend. Image
 * datasets need their pools, which the worker downloads first; own data, its stored copy.
 */
export function buildDataset(config: DatasetConfig, seed: number, pools?: ImagePools, own?: OwnData): Dataset {
  if (config.kind === 'own') {
    if (!own) throw new Error(`${config.ownName || 'Your own data'} is not in this browser: import the file first.`);
    const { nMax, rho, headFraction } = config;
    return buildOwnDataset(own, { distribution: config.ownDistribution, nMax, rho, headFraction, testFraction: config.ownTestFraction, test: config.ownTest }, seed);
  }
  const profile = profileOf(config);
  const test: TestDistributionSpec = { kind: config.testDistribution, rho: config.testRho };
  if (config.kind === 'assoc-memory') return makeAssocMemory({ profile, test, testPerClass: config.testPerClass, dim: config.memoryDim }, seed);
  if (isImageDataset(config.kind)) {
    if (!pools) throw new Error(`${IMAGE_DATASETS[config.kind].label} needs its image files loaded first.`);
    return makeImageDataset(IMAGE_DATASETS[config.kind].label, pools.train, pools.test, { profile, test, testPerClass: config.testPerClass }, seed);
  }
  return makeSynthetic({ kind: config.kind, profile, test, testPerClass: config.testPerClass, noise: config.noise }, seed);
}
