import type { RunConfig } from '../config';
import { buildDataset, type ImagePools } from '../data/build';
import type { RunSnapshot } from '../snapshot';
import { Trainer } from '../trainer';
import { prepareRunToEnd, type UnlabelledReport } from './phase';
import { withUnlabelledPool } from './pool';

/**
 * One run trained to the end with its extra phase, as the worker does (runDriver.ts): data,
 * unlabelled pool, extra phase, then the Trainer. Tests and scripts use it; `pools`: the image
 * pools of an image dataset.
 */
export async function trainWithUnlabelled(config: RunConfig, pools?: ImagePools): Promise<{ snapshot: RunSnapshot; report?: UnlabelledReport }> {
  const dataset = withUnlabelledPool(config, buildDataset(config.dataset, config.seed, pools), pools?.train);
  const prepared = await prepareRunToEnd(config, dataset);
  const trainer = new Trainer(config, prepared.dataset, {}, { backbone: prepared.backbone });
  prepared.backbone?.forEach((t) => t.dispose());
  try {
    while (!trainer.done) trainer.trainStep();
    return { snapshot: await trainer.evaluate(), report: prepared.report };
  } finally {
    trainer.dispose();
  }
}
