/**
 * Lets tfjs' threaded wasm backend start from a bundled worker.
 *
 * tfjs hands each pthread worker the Emscripten factory as `wasmFactoryThreadedSimd.toString()`.
 * After bundling and minifying, that function text refers to names outside itself (the
 * factory's `_scriptDir` closure, renamed to `e`), so every pthread fails with "e is not
 * defined" and the backend never starts. This plugin swaps that expression for the factory's
 * original, self-contained source, read from the package at build time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

const FACTORY_CALL = 'wasmFactoryThreadedSimd.toString()';

/** The `(() => { … })()` expression that defines WasmBackendModuleThreadedSimd, unminified. */
export function threadedFactorySource(code: string): string {
  const start = code.indexOf('(() => {');
  const end = code.lastIndexOf('})();');
  if (start < 0 || end < start) throw new Error('wasm-threads: unexpected layout of the threaded wasm factory');
  return code.slice(start, end + '})()'.length);
}

export function wasmThreads(): Plugin {
  const require = createRequire(import.meta.url);
  let source: string | undefined;
  return {
    name: 'long-tail-lab:wasm-threads',
    transform(code, id) {
      if (!id.includes('tfjs-backend-wasm') || !code.includes(FACTORY_CALL)) return null;
      source ??= threadedFactorySource(
        readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'), 'utf8'),
      );
      return { code: code.replace(FACTORY_CALL, JSON.stringify(source)), map: null };
    },
  };
}
