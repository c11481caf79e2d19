/**
 * Singular-value spectra of weight matrices: the mechanism Wang et al. (arXiv 2509.26030) point
 * at — Muon's updates keep a weight's spectrum flatter (more isotropic) than Adam's. Small
 * matrices only (≤ a few hundred on the short side), computed in the worker at evaluations.
 */

/** One weight matrix's spectrum, as a snapshot carries it. */
export interface WeightSpectrum {
  /** Which weight: 'Layer 1', 'Head', 'W'. */
  name: string;
  /** [fan_in, out] as stored (a conv kernel flattened to in·k·k × out). */
  shape: [number, number];
  /** Singular values, largest first (min(rows, cols) of them). */
  singularValues: Float32Array;
  /** exp(H), H = −Σ pᵢ ln pᵢ over pᵢ = σᵢ / Σσ (Roy & Vetterli 2007): 1 … min(rows, cols). */
  effectiveRank: number;
  /** H / ln min(rows, cols): 1 when every singular value is equal (isotropic), 0 for rank one. */
  entropy: number;
}

/**
 * Eigenvalues of a symmetric n × n matrix (row-major, float64, overwritten) by cyclic Jacobi
 * rotations until the off-diagonal mass is negligible.
 */
export function symmetricEigenvalues(a: Float64Array, n: number, maxSweeps = 30): Float64Array {
  const at = (i: number, j: number) => a[i * n + j] ?? 0;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += at(i, i) ** 2;
      for (let j = i + 1; j < n; j++) off += at(i, j) ** 2;
    }
    if (off <= 1e-22 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(p, q);
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (at(q, q) - at(p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // A ← JᵀAJ on rows and columns p, q.
        for (let k = 0; k < n; k++) {
          const akp = at(k, p);
          const akq = at(k, q);
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = at(p, k);
          const aqk = at(q, k);
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Float64Array.from({ length: n }, (_, i) => at(i, i));
}

/** Singular values of a rows × cols matrix (row-major), largest first: √eig of the smaller Gram matrix. */
export function singularValues(m: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const wide = cols > rows;
  const k = wide ? rows : cols;
  const gram = new Float64Array(k * k);
  // Gram of the short side: MMᵀ (k = rows) when wide, MᵀM (k = cols) otherwise.
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      let sum = 0;
      if (wide) for (let t = 0; t < cols; t++) sum += (m[i * cols + t] ?? 0) * (m[j * cols + t] ?? 0);
      else for (let t = 0; t < rows; t++) sum += (m[t * cols + i] ?? 0) * (m[t * cols + j] ?? 0);
      gram[i * k + j] = sum;
      gram[j * k + i] = sum;
    }
  }
  return symmetricEigenvalues(gram, k)
    .map((e) => Math.sqrt(Math.max(0, e)))
    .sort((x, y) => y - x);
}

/** Effective rank and normalised SVD entropy of a spectrum. */
export function spectrumMeasures(sigma: ArrayLike<number>): { effectiveRank: number; entropy: number } {
  const values = Array.from(sigma);
  const total = values.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return { effectiveRank: 0, entropy: 0 };
  const h = -values.reduce((acc, s) => (s > 0 ? acc + (s / total) * Math.log(s / total) : acc), 0);
  return { effectiveRank: Math.exp(h), entropy: values.length > 1 ? h / Math.log(values.length) : 1 };
}

export function weightSpectrum(name: string, values: ArrayLike<number>, rows: number, cols: number): WeightSpectrum {
  const sigma = singularValues(values, rows, cols);
  return { name, shape: [rows, cols], singularValues: Float32Array.from(sigma), ...spectrumMeasures(sigma) };
}
