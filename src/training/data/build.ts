import type { DatasetConfig } from '../config';
import type { Dataset } from './dataset';
import { makeSynthetic } from './synthetic';

/** The dataset a config describes. Same config and seed, same data, on every backend. */
export function buildDataset(config: DatasetConfig, seed: number): Dataset {
  return makeSynthetic(
    {
      kind: config.kind,
      profile: {
        kind: config.profile,
        classes: config.classes,
        nMax: config.nMax,
        rho: config.rho,
        headFraction: config.headFraction,
      },
      test: { kind: config.testDistribution, rho: config.testRho },
      testPerClass: config.testPerClass,
      noise: config.noise,
    },
    seed,
  );
}
