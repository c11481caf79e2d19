import { Rng } from '../rng';
import type { Dataset, LabelledSplit } from './dataset';
import { profileCounts, testCounts, type ProfileSpec, type TestDistributionSpec } from './longtail';

/**
 * The one-layer associative memory of Wang et al. (arXiv 2509.26030, §5): class c has a key
 * e_c ∈ ℝ^d and a value u_c ∈ ℝ^d, both random orthonormal sets; the model W maps a key to
 * scores u_jᵀ W e_c. An example of class c is its key, nothing else, and the classes' frequencies
 * follow the long-tail profile (a power law in the paper). Keys come from the 'trainData' stream;
 * the values belong to the model (models/assoc.ts, 'init' stream).
 */
export interface AssocMemorySpec {
  profile: ProfileSpec;
  test: TestDistributionSpec;
  testPerClass: number;
  /** Dimension d of keys and values (d ≥ classes). */
  dim: number;
}

/**
 * `count` orthonormal vectors of ℝ^d, row-major [count, d]: Gaussian draws made orthonormal by
 * modified Gram–Schmidt in float64 (a uniformly random orthonormal set). train.py repeats it.
 */
export function orthonormalRows(count: number, d: number, rng: Rng): Float64Array {
  if (count > d) throw new Error(`${count} orthonormal vectors do not fit in ${d} dimensions`);
  const v = new Float64Array(count * d);
  for (let i = 0; i < v.length; i++) v[i] = rng.normal();
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += (v[i * d + k] ?? 0) * (v[j * d + k] ?? 0);
      for (let k = 0; k < d; k++) v[i * d + k] = (v[i * d + k] ?? 0) - dot * (v[j * d + k] ?? 0);
    }
    let norm = 0;
    for (let k = 0; k < d; k++) norm += (v[i * d + k] ?? 0) ** 2;
    norm = Math.sqrt(norm);
    for (let k = 0; k < d; k++) v[i * d + k] = (v[i * d + k] ?? 0) / norm;
  }
  return v;
}

/** Every example of class c is key c, repeated as the profile's counts say. */
function repeatKeys(keys: Float64Array, counts: readonly number[], d: number): LabelledSplit {
  const n = counts.reduce((a, b) => a + b, 0);
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  let row = 0;
  counts.forEach((count, c) => {
    for (let r = 0; r < count; r++, row++) {
      y[row] = c;
      for (let k = 0; k < d; k++) x[row * d + k] = keys[c * d + k] ?? 0;
    }
  });
  return { x, y, counts: [...counts] };
}

export function makeAssocMemory(spec: AssocMemorySpec, seed: number): Dataset {
  const classes = spec.profile.classes;
  const keys = orthonormalRows(classes, spec.dim, Rng.forPurpose(seed, 'trainData'));
  return {
    name: `Associative memory (${classes} keys in ${spec.dim} dimensions)`,
    inputShape: [spec.dim],
    classes,
    classNames: Array.from({ length: classes }, (_, c) => `key ${c}`),
    train: repeatKeys(keys, profileCounts(spec.profile), spec.dim),
    test: repeatKeys(keys, testCounts(spec.test, classes, spec.testPerClass), spec.dim),
  };
}
