import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { threadedFactorySource } from './wasmThreads';

describe('wasm threads build plugin', () => {
  it('extracts a self-contained factory expression from the package', () => {
    const file = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
    const source = threadedFactorySource(readFileSync(file, 'utf8'));
    // Evaluated on its own, as a pthread worker does, it yields the Emscripten factory.
    const factory = new Function(`return ${source}`)() as unknown;
    expect(typeof factory).toBe('function');
  });

  it('refuses a layout it does not know rather than shipping a broken worker', () => {
    expect(() => threadedFactorySource('var x = 1;')).toThrow(/unexpected layout/);
  });
});
