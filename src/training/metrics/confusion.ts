/** C × C counts, row-major: entry [t·C + p] counts test examples of true class t predicted as p. */
export function confusionMatrix(predicted: Int32Array, labels: Int32Array, classes: number): Float32Array {
  const m = new Float32Array(classes * classes);
  labels.forEach((t, i) => {
    const p = predicted[i] ?? 0;
    m[t * classes + p] = (m[t * classes + p] ?? 0) + 1;
  });
  return m;
}
