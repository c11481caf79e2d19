import { expect, test } from '@playwright/test';

interface BenchRow {
  ok: boolean;
  error?: string;
  threads: number | null;
  stepMs: number[];
  tensorsEnd: number;
  tensorsStart: number;
}

/**
 * The threaded wasm backend has to start from the bundled worker: tfjs hands its pthreads the
 * factory's source text, which minifying breaks unless build-tools/wasmThreads.ts restores it.
 * The benchmark page trains the default MLP on wasm with two threads and with none.
 */
test('the wasm backend trains with threads from the built bundle', async ({ page }) => {
  await page.goto('bench.html?scenario=mlp-2d&backends=wasm:2,wasm:1&finish=none');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.waitForFunction(() => (globalThis as unknown as { __bench?: { done: boolean } }).__bench?.done, null, { timeout: 120_000 });
  const [threaded, single] = await page.evaluate(() => (globalThis as unknown as { __bench: { results: BenchRow[] } }).__bench.results);
  expect(threaded?.error ?? '').toBe('');
  expect(threaded?.ok).toBe(true);
  expect(threaded?.threads).toBe(2);
  expect(single?.threads).toBe(1);
  expect(threaded?.stepMs.every(Number.isFinite)).toBe(true);
});
