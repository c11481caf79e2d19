import type * as tf from '@tensorflow/tfjs-core';
import { weightSpectrum, type WeightSpectrum } from './measures/spectrum';

/** Larger matrices are skipped: the spectrum view is for the app's small models and must stay cheap. */
const MAX_ENTRIES = 400_000;

/**
 * The spectra of a model's trained matrices: the backbone's (conv kernels flattened to
 * in·k·k × out), named Layer 1, 2, … (W for the linear memory, whose only matrix it is), then the
 * head's kernel. Read back from the backend at evaluations only.
 */
export async function modelSpectra(backbone: readonly tf.Variable[], head: readonly tf.Variable[], single = false): Promise<WeightSpectrum[]> {
  const named = [
    ...backbone.filter((v) => v.rank >= 2).map((v, i) => ({ name: single ? 'W' : `Layer ${i + 1}`, v })),
    ...head.filter((v) => v.rank >= 2).map((v) => ({ name: 'Head', v })),
  ].filter(({ v }) => v.size <= MAX_ENTRIES);
  return Promise.all(
    named.map(async ({ name, v }) => {
      const out = v.shape[v.rank - 1] ?? 1;
      return weightSpectrum(name, await v.data(), v.size / out, out);
    }),
  );
}
