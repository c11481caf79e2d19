/**
 * The first two principal components of standardised data, by power iteration with deflation on
 * the covariance of a sample of rows: d ≤ 256 keeps the d × d covariance small, and a sample of
 * a few thousand rows is enough to see the main directions. Used to draw decision regions of
 * data with more than two features.
 */
export function pca2(x: Float32Array, rows: number, d: number, maxRows = 5000): Float32Array {
  const step = Math.max(1, Math.floor(rows / maxRows));
  const cov = new Float64Array(d * d);
  let n = 0;
  for (let r = 0; r < rows; r += step, n++) {
    for (let i = 0; i < d; i++) {
      const a = x[r * d + i] ?? 0;
      if (a === 0) continue;
      for (let j = 0; j < d; j++) cov[i * d + j] = (cov[i * d + j] ?? 0) + a * (x[r * d + j] ?? 0);
    }
  }
  for (let k = 0; k < cov.length; k++) cov[k] = (cov[k] ?? 0) / Math.max(1, n);
  const components = new Float32Array(2 * d);
  for (let c = 0; c < 2; c++) {
    // A fixed, non-symmetric start so the result is deterministic and not orthogonal to the answer by accident.
    let v = Float64Array.from({ length: d }, (_, i) => 1 + ((i * 7919) % 13) / 13);
    let lambda = 0;
    for (let it = 0; it < 200; it++) {
      const w = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (cov[i * d + j] ?? 0) * (v[j] ?? 0);
        w[i] = s;
      }
      const norm = Math.hypot(...w);
      if (norm < 1e-12) break;
      for (let i = 0; i < d; i++) w[i] = (w[i] ?? 0) / norm;
      const delta = w.reduce((acc, wi, i) => acc + Math.abs(wi - (v[i] ?? 0)), 0);
      v = w;
      lambda = norm;
      if (delta < 1e-9) break;
    }
    for (let i = 0; i < d; i++) components[c * d + i] = v[i] ?? 0;
    // Deflate: remove the component found so that the next iteration finds the second.
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov[i * d + j] = (cov[i * d + j] ?? 0) - lambda * (v[i] ?? 0) * (v[j] ?? 0);
  }
  return components;
}

/** Projects rows onto the two components: [rows × 2]. */
export function project(x: Float32Array, rows: number, d: number, components: Float32Array): Float32Array {
  const out = new Float32Array(rows * 2);
  for (let r = 0; r < rows; r++) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < d; j++) {
      const v = x[r * d + j] ?? 0;
      a += v * (components[j] ?? 0);
      b += v * (components[d + j] ?? 0);
    }
    out[2 * r] = a;
    out[2 * r + 1] = b;
  }
  return out;
}
