/**
 * The image datasets shipped in public/data/ and what their pools hold, so that the config
 * schema can refuse a request the data cannot meet before anything is downloaded. A unit test
 * checks these numbers against public/data/manifest.json.
 */
export const IMAGE_DATASETS = {
  'fashion-mnist': {
    label: 'Fashion-MNIST-LT (28×28)',
    shape: [28, 28, 1] as [number, number, number],
    /** Training images per class in the full pool. */
    trainPool: [6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000],
    /** The small default pool covers n_max up to this; above it the full pool is fetched. */
    smallPoolLimit: 1000,
    testPool: [500, 500, 500, 500, 500, 500, 500, 500, 500, 500],
    trainKeys: { small: 'fashion-mnist-train-1k', full: 'fashion-mnist-train-full' },
    testKey: 'fashion-mnist-test-500',
  },
  digits: {
    label: 'Digits-LT (8×8)',
    shape: [8, 8, 1] as [number, number, number],
    trainPool: [125, 127, 124, 128, 127, 127, 127, 125, 122, 126],
    smallPoolLimit: Infinity,
    testPool: [53, 55, 53, 55, 54, 55, 54, 54, 52, 54],
    trainKeys: { small: 'digits-train', full: 'digits-train' },
    testKey: 'digits-test',
  },
} as const;

export type ImageDatasetId = keyof typeof IMAGE_DATASETS;

export function isImageDataset(kind: string): kind is ImageDatasetId {
  return kind in IMAGE_DATASETS;
}

/** The manifest key of the training pool that holds `nMax` images of the head class. */
export function trainPoolKey(id: ImageDatasetId, nMax: number): string {
  const d = IMAGE_DATASETS[id];
  return nMax <= d.smallPoolLimit ? d.trainKeys.small : d.trainKeys.full;
}
