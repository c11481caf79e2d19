import { Rng } from '../rng';
import type { Dataset, LabelledSplit } from './dataset';
import { profileCounts, testCounts, type ProfileSpec, type TestDistributionSpec } from './longtail';

export type SyntheticKind = 'blobs' | 'spiral';

export interface SyntheticSpec {
  kind: SyntheticKind;
  profile: ProfileSpec;
  test: TestDistributionSpec;
  /** Balanced test pool size per class, before the test distribution is applied. */
  testPerClass: number;
  /**
   * How much classes overlap. Blobs: σ = noise · (distance between neighbouring centres) / 2.
   * Spiral: σ = noise · (gap between neighbouring arms) / 4. With overlap, the boundary between a
   * head and a tail class is where imbalance shows: cross-entropy pushes it into the tail.
   */
  noise: number;
}

/**
 * Angular slot of class c: head classes (low index) take the even slots and tail classes the odd
 * ones, so every tail class sits between two more frequent neighbours. On a plain ring the
 * rarest classes would border each other and hide the effect of imbalance.
 */
export function ringSlot(c: number, classes: number): number {
  const half = Math.ceil(classes / 2);
  return c < half ? 2 * c : 2 * (c - half) + 1;
}

/** Draws one point of class c. */
type PointSampler = (c: number, rng: Rng, out: Float32Array, offset: number) => void;

function blobSampler(classes: number, noise: number): PointSampler {
  const spacing = 2 * Math.sin(Math.PI / classes);
  const sigma = (noise * spacing) / 2;
  return (c, rng, out, o) => {
    const angle = (2 * Math.PI * ringSlot(c, classes)) / classes;
    out[o] = Math.cos(angle) + sigma * rng.normal();
    out[o + 1] = Math.sin(angle) + sigma * rng.normal();
  };
}

function spiralSampler(classes: number, noise: number): PointSampler {
  const turns = 1.25;
  // Neighbouring arms are 1/C of a turn apart; at mid radius that is about π/C.
  const sigma = (noise * (Math.PI / classes)) / 4;
  return (c, rng, out, o) => {
    const t = Math.sqrt(rng.next()) * 0.95 + 0.05; // uniform over the arm's area, not its length
    const angle = (2 * Math.PI * ringSlot(c, classes)) / classes + t * turns * 2 * Math.PI;
    out[o] = t * Math.cos(angle) + sigma * rng.normal();
    out[o + 1] = t * Math.sin(angle) + sigma * rng.normal();
  };
}

function sampleSplit(counts: number[], sampler: PointSampler, rng: Rng): LabelledSplit {
  const n = counts.reduce((a, b) => a + b, 0);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  let i = 0;
  counts.forEach((count, c) => {
    for (let k = 0; k < count; k++, i++) {
      sampler(c, rng, x, 2 * i);
      y[i] = c;
    }
  });
  return { x, y, counts };
}

/** A 2-D long-tailed dataset. Train and test come from separate seeded streams. */
export function makeSynthetic(spec: SyntheticSpec, seed: number): Dataset {
  const classes = spec.profile.classes;
  const sampler = spec.kind === 'blobs' ? blobSampler(classes, spec.noise) : spiralSampler(classes, spec.noise);
  const train = sampleSplit(profileCounts(spec.profile), sampler, Rng.forPurpose(seed, 'trainData'));
  const test = sampleSplit(testCounts(spec.test, classes, spec.testPerClass), sampler, Rng.forPurpose(seed, 'testData'));
  return {
    name: spec.kind === 'blobs' ? 'Gaussian blobs' : 'Spiral arms',
    inputShape: [2],
    classes,
    classNames: Array.from({ length: classes }, (_, c) => `class ${c}`),
    train,
    test,
    extent: { min: -1.6, max: 1.6 },
  };
}

/** More points of a 2-D mixture, `counts[c]` of class c: the unlabelled pool of a pseudo-labelled run. */
export function sampleSynthetic(spec: Pick<SyntheticSpec, 'kind' | 'noise'> & { classes: number }, counts: number[], rng: Rng): LabelledSplit {
  const sampler = spec.kind === 'blobs' ? blobSampler(spec.classes, spec.noise) : spiralSampler(spec.classes, spec.noise);
  return sampleSplit(counts, sampler, rng);
}
