/**
 * Lets tfjs' threaded wasm backend start from a bundled worker under the site's CSP.
 *
 * tfjs hands each pthread worker the Emscripten factory as a Blob made of
 * `wasmFactoryThreadedSimd.toString()`, which the pthread loads with `importScripts(blob:…)`.
 * Two things break that in a build:
 * - after bundling and minifying, the function text refers to names outside itself (the
 *   factory's `_scriptDir` closure, renamed to `e`), so every pthread fails "e is not defined";
 * - the Content-Security-Policy has no blob: in script-src (build-tools/csp.ts), so the
 *   pthread may not run a blob: script at all.
 * So in a build this plugin emits the factory's original, self-contained source (read from the
 * package) as a same-origin asset and hands the pthreads its absolute URL instead of the Blob
 * (Emscripten's pthread worker calls `importScripts(url)` when given a string). The dev server
 * pre-bundles tfjs unminified and keeps tfjs' Blob; the dev CSP allows blob: scripts for it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

const FACTORY_CALL = 'wasmFactoryThreadedSimd.toString()';
/** tfjs' `new Blob([`var WasmBackendModuleThreadedSimd = ` + wasmFactoryThreadedSimd.toString()], …)`. */
const FACTORY_BLOB = /new Blob\(\[\s*`var WasmBackendModuleThreadedSimd = `\s*\+\s*wasmFactoryThreadedSimd\.toString\(\)\s*\],\s*\{\s*type:\s*'text\/javascript'\s*\}\s*\)/;

/** The `(() => { … })()` expression that defines WasmBackendModuleThreadedSimd, unminified. */
export function threadedFactorySource(code: string): string {
  const start = code.indexOf('(() => {');
  const end = code.lastIndexOf('})();');
  if (start < 0 || end < start) throw new Error('wasm-threads: unexpected layout of the threaded wasm factory');
  return code.slice(start, end + '})()'.length);
}

/** The script a pthread imports: it defines the global the pthread's Emscripten glue looks for. */
export function threadedFactoryScript(source: string): string {
  return `var WasmBackendModuleThreadedSimd = ${source};\n`;
}

/**
 * tfjs' module with the pthread script's Blob swapped for `urlExpression` (an absolute URL).
 * The factory call the main thread itself makes stays as it is.
 */
export function replaceFactoryBlob(code: string, urlExpression: string): string {
  if (!FACTORY_BLOB.test(code)) throw new Error('wasm-threads: tfjs no longer builds the pthread script as expected');
  return code.replace(FACTORY_BLOB, () => urlExpression);
}

export function wasmThreads(): Plugin {
  const require = createRequire(import.meta.url);
  let source: string | undefined;
  let build = false;
  return {
    name: 'long-tail-lab:wasm-threads',
    configResolved(config) {
      build = config.command === 'build';
    },
    transform(code, id) {
      if (!id.includes('tfjs-backend-wasm') || !code.includes(FACTORY_CALL)) return null;
      source ??= threadedFactorySource(
        readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'), 'utf8'),
      );
      if (!build) return { code: code.replace(FACTORY_CALL, JSON.stringify(source)), map: null };
      const ref = this.emitFile({ type: 'asset', name: 'tfjs-wasm-threaded-simd.js', source: threadedFactoryScript(source) });
      // Absolute, because the pthread resolves it against its own (blob:) location.
      return { code: replaceFactoryBlob(code, `new URL(import.meta.ROLLUP_FILE_URL_${ref}, import.meta.url).href`), map: null };
    },
  };
}
