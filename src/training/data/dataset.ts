/** A labelled split held as flat typed arrays (row-major: example i is x[i·d … i·d + d − 1]). */
export interface LabelledSplit {
  x: Float32Array;
  y: Int32Array;
  /** Examples per class. */
  counts: number[];
}

/** Everything a run needs to know about its data, independent of where it came from. */
export interface Dataset {
  name: string;
  /** Shape of one input, e.g. [2] for 2-D points. */
  inputShape: number[];
  classes: number;
  classNames: string[];
  train: LabelledSplit;
  test: LabelledSplit;
  /** 2-D datasets only: the square shown by the decision-boundary view. */
  extent?: Extent2D;
  /**
   * Data of more than two features: the two principal components (2 × d, row-major) whose plane
   * the decision-region view shows; the extent is then in that plane.
   */
  projection?: Float32Array;
  /**
   * A pseudo-labelled run's unlabelled pool (unlabelled/pool.ts). Its `y` are the true labels,
   * used only to score the pseudo-labels, never to train.
   */
  unlabelled?: LabelledSplit;
  /**
   * When `train` holds pseudo-labelled examples too: the counts of the labelled examples alone,
   * which the Many / Medium / Few splits and the frequency bars follow, as without them.
   */
  labelledCounts?: number[];
}

export interface Extent2D {
  min: number;
  max: number;
}

export function inputSize(dataset: Pick<Dataset, 'inputShape'>): number {
  return dataset.inputShape.reduce((a, b) => a * b, 1);
}
