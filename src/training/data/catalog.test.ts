import { describe, expect, it } from 'vitest';
import manifest from '../../../public/data/manifest.json';
import { IMAGE_DATASETS, trainPoolKey } from './catalog';

const files = manifest.files as Record<string, { counts: number[]; shape: number[] }>;

describe('image dataset catalog', () => {
  it.each(Object.entries(IMAGE_DATASETS))('%s agrees with the shipped manifest', (_id, d) => {
    expect(files[d.trainKeys.full]?.counts).toEqual([...d.trainPool]);
    expect(files[d.testKey]?.counts).toEqual([...d.testPool]);
    expect(files[d.trainKeys.small]?.shape).toEqual([...d.shape]);
    const small = files[d.trainKeys.small]?.counts ?? [];
    expect(Math.min(...small)).toBeGreaterThanOrEqual(Math.min(d.smallPoolLimit, ...d.trainPool));
  });

  it('fetches the full Fashion-MNIST pool only above 1,000 images per class', () => {
    expect(trainPoolKey('fashion-mnist', 1000)).toBe('fashion-mnist-train-1k');
    expect(trainPoolKey('fashion-mnist', 1001)).toBe('fashion-mnist-train-full');
  });
});
