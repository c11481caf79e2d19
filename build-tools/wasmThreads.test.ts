import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { replaceFactoryBlob, threadedFactoryScript, threadedFactorySource } from './wasmThreads';

const require = createRequire(import.meta.url);
const packageFile = (path: string) => readFileSync(require.resolve(`@tensorflow/tfjs-backend-wasm/${path}`), 'utf8');

describe('wasm threads build plugin', () => {
  it('extracts a self-contained factory expression from the package', () => {
    const source = threadedFactorySource(packageFile('wasm-out/tfjs-backend-wasm-threaded-simd.js'));
    // Evaluated on its own, as a pthread worker does, it yields the Emscripten factory.
    const factory = new Function(`return ${source}`)() as unknown;
    expect(typeof factory).toBe('function');
  });

  it('emits a pthread script that defines the global the pthread glue looks for', () => {
    const script = threadedFactoryScript(threadedFactorySource(packageFile('wasm-out/tfjs-backend-wasm-threaded-simd.js')));
    // importScripts runs it as a classic script: its top-level var becomes the worker's global.
    const factory = new Function(`${script}; return WasmBackendModuleThreadedSimd;`)() as unknown;
    expect(typeof factory).toBe('function');
  });

  it("swaps tfjs' pthread Blob for a URL and leaves the main thread's factory call alone", () => {
    const code = packageFile('dist/backend_wasm.js');
    const out = replaceFactoryBlob(code, 'PTHREAD_URL');
    expect(out).toContain('factoryConfig.mainScriptUrlOrBlob = PTHREAD_URL;');
    expect(out).not.toContain('new Blob([`var WasmBackendModuleThreadedSimd');
    expect(out).toContain('wasm = wasmFactoryThreadedSimd(factoryConfig);');
    expect(out.length).toBeLessThan(code.length);
  });

  it('refuses a layout it does not know rather than shipping a broken worker', () => {
    expect(() => threadedFactorySource('var x = 1;')).toThrow(/unexpected layout/);
    expect(() => replaceFactoryBlob('factoryConfig.mainScriptUrlOrBlob = new Blob([src]);', 'U')).toThrow(/no longer builds/);
  });
});
