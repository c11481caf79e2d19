import type { Rng } from '../rng';

/** Indices of the examples of each class. */
export function indicesByClass(labels: Int32Array, classes: number): Int32Array[] {
  const lists: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((y, i) => lists[y]?.push(i));
  return lists.map((l) => Int32Array.from(l));
}

/** One epoch of instance-balanced sampling: every example once, in a seeded random order. */
export function shuffledEpoch(size: number, rng: Rng): Int32Array {
  const order = new Int32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  return rng.shuffle(order);
}

/**
 * One epoch (same length as the training set) of class-aware sampling: draw a class j with
 * probability ∝ classWeights[j], then one of its examples uniformly (with replacement).
 */
export function classAwareEpoch(byClass: readonly Int32Array[], classWeights: readonly number[], size: number, rng: Rng): Int32Array {
  const cumulative = new Float64Array(classWeights.length);
  let total = 0;
  classWeights.forEach((w, j) => {
    total += (byClass[j]?.length ?? 0) > 0 ? Math.max(0, w) : 0;
    cumulative[j] = total;
  });
  const order = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const members = byClass[rng.categorical(cumulative)] ?? new Int32Array(0);
    order[i] = members[rng.int(members.length)] ?? 0;
  }
  return order;
}
