// lz-string is CommonJS: Node's ESM loader (Playwright's) offers it as a default export only.
import LZString from 'lz-string';
import { expect, test, type Page } from '@playwright/test';
import { SHOTS, currentStep } from './helpers';

/**
 * Fault injection, end to end: each fault ends with a clear message, loses nothing the user had,
 * and leaves the other runs alone. Faults inside a worker go through the bridge's automation-only
 * hook (window.__longTailLabFaults, see src/app/bridge.ts).
 */

type State = { shared: Record<string, unknown> & { dataset: Record<string, unknown>; model: Record<string, unknown>; optimizer: Record<string, unknown> }; runs: unknown[] };

async function defaultState(page: Page): Promise<State> {
  await page.goto('/');
  await expect(page).toHaveURL(/#w=/);
  const payload = new URL(page.url()).hash.slice('#w='.length);
  return JSON.parse(LZString.decompressFromEncodedURIComponent(payload) ?? 'null') as State;
}

/** A link to `state`; `query` e.g. "?workers=2" lets two runs train at once on two cores. */
const link = (state: unknown, query = '') => `/${query}#w=${LZString.compressToEncodedURIComponent(JSON.stringify(state))}`;
const ce = { method: { id: 'ce', params: {} } };
const focal = { method: { id: 'focal', params: { gamma: 2 } } };

const row = (page: Page, i: number) => page.getByTestId('run-row').nth(i);
const faults = (page: Page) => page.evaluate(() => '__longTailLabFaults' in window);

async function selectRun(page: Page, i: number): Promise<void> {
  await row(page, i).locator('.run-pick').click();
}

test('a worker killed mid-run: its run fails with a reason, the other finishes, and it re-runs', async ({ page }) => {
  const state = await defaultState(page);
  // ≈ 540 steps at 20 a second: both runs train for half a minute.
  await page.goto(link({ ...state, shared: { ...state.shared, epochs: 60 }, runs: [ce, focal] }, '?workers=2'));
  expect(await faults(page)).toBe(true);
  await page.getByTestId('speed').selectOption('medium');
  await page.getByTestId('start').click();
  await expect(row(page, 0)).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await expect(row(page, 1)).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await selectRun(page, 0);
  await expect.poll(() => currentStep(page), { timeout: 60_000 }).toBeGreaterThan(20);

  // Terminated behind the page's back, as the browser does to a crashed worker: no error event.
  expect(await page.evaluate(() => (window as unknown as { __longTailLabFaults: { kill: (i: number) => boolean } }).__longTailLabFaults.kill(0))).toBe(true);
  const reached = await currentStep(page);
  await expect(row(page, 0)).toHaveAttribute('data-status', 'error', { timeout: 40_000 });
  await expect(page.getByTestId('run-error')).toContainText(/stopped responding: no sign of life for \d+ s/);
  await page.screenshot({ path: `${SHOTS}/fault-worker-killed.png` });
  // Nothing it reached is lost, and the other run was never disturbed.
  expect(await currentStep(page)).toBeGreaterThanOrEqual(reached);
  await expect(row(page, 1)).not.toHaveAttribute('data-status', 'error');
  await expect(row(page, 1)).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

  await row(page, 0).getByTestId('run-rerun').click();
  await expect(row(page, 0)).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await page.getByTestId('speed').selectOption('max');
  await expect(row(page, 0)).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
});

test('a lost WebGPU device ends its run with a message; the other run finishes', async ({ page }) => {
  const state = await defaultState(page);
  // Software WebGPU (SwiftShader) compiles slowly on two cores: a few steps, and the device is
  // lost as soon as the run has it (while its first kernels compile, or later).
  const shared = { ...state.shared, backend: 'webgpu', epochs: 1, dataset: { ...state.shared.dataset, nMax: 60 } };
  await page.goto(link({ ...state, shared, runs: [ce, focal] }, '?workers=2'));
  await page.getByTestId('start').click();
  await expect(page.getByTestId('backend-in-use')).toHaveAttribute('data-backend', 'webgpu', { timeout: 120_000 });
  expect(await page.evaluate(() => (window as unknown as { __longTailLabFaults: { inject: (i: number, f: string) => boolean } }).__longTailLabFaults.inject(0, 'lose-device'))).toBe(true);
  await expect(row(page, 0)).toHaveAttribute('data-status', 'error', { timeout: 30_000 });
  await selectRun(page, 0);
  await expect(page.getByTestId('run-error')).toContainText('The WebGPU device was lost');
  await page.screenshot({ path: `${SHOTS}/fault-device-lost.png` });
  await expect(row(page, 1)).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
});

test('a loss that turns NaN (a huge learning rate) stops its run with advice, keeping what it reached; no run hangs', async ({ page }) => {
  const state = await defaultState(page);
  // SGD at learning rate 1 with momentum 0.99 on the widest, deepest MLP diverges within steps.
  const shared = {
    ...state.shared,
    epochs: 3,
    optimizer: { kind: 'sgd', learningRate: 1, momentum: 0.99 },
    model: { ...state.shared.model, kind: 'mlp', width: 512, depth: 4 },
  };
  await page.goto(link({ ...state, shared, runs: [ce, { method: { id: 'balanced-softmax', params: {} } }] }, '?workers=2'));
  await page.getByTestId('start').click();
  await expect(page.locator('[data-testid="run-row"][data-status="error"]')).not.toHaveCount(0, { timeout: 90_000 });
  const failed = await page.getByTestId('run-row').evaluateAll((rows) => rows.findIndex((r) => r.getAttribute('data-status') === 'error'));
  await selectRun(page, failed);
  await expect(page.getByTestId('run-error')).toContainText(/Training diverged at step \d+: the loss became NaN or infinite\. Try a lower learning rate \(now 1\)/);
  await page.screenshot({ path: `${SHOTS}/fault-nan-loss.png` });
  // The chart of what it reached before diverging is still there.
  await expect(page.getByTestId('progress-text')).toBeVisible();
  // Every run ends: none hangs. (Both may diverge at this rate: each says so.)
  await expect(page.locator('[data-testid="run-row"][data-status="running"], [data-testid="run-row"][data-status="starting"]')).toHaveCount(0, { timeout: 90_000 });
});

test('storage that fills up during training is reported; the runs still finish and keep their results', async ({ page }) => {
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if ((window as unknown as { __storageFull?: boolean }).__storageFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  const state = await defaultState(page);
  await page.goto(link({ ...state, shared: { ...state.shared, epochs: 30 }, runs: [ce, focal] }, '?workers=2'));
  await page.getByTestId('speed').selectOption('medium');
  await page.getByTestId('start').click();
  await expect(row(page, 0)).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await page.evaluate(() => ((window as unknown as { __storageFull?: boolean }).__storageFull = true));
  await expect(page.getByTestId('notice-storage')).toContainText('storage for this site is full', { timeout: 30_000 });
  await expect(page.getByTestId('notice-storage')).toHaveAttribute('data-tone', 'error');
  await page.getByTestId('speed').selectOption('max');
  await expect(page.locator('[data-testid="run-row"][data-status="done"]')).toHaveCount(2, { timeout: 120_000 });
  await page.getByTestId('view-compare').click();
  await expect(page.getByTestId('leaderboard-row')).toHaveCount(2);
});

test('a data file whose checksum does not match fails with a message, and a re-run after a good download works', async ({ page, context }) => {
  let damage = true;
  await context.route('**/digits-train.ltd', async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    if (damage) body[body.length >> 1] = (body[body.length >> 1] ?? 0) ^ 0xff; // one byte flipped, same length
    await route.fulfill({ response, body });
  });
  const state = await defaultState(page);
  const shared = { ...state.shared, epochs: 2, dataset: { ...state.shared.dataset, kind: 'digits', nMax: 100, rho: 10, testPerClass: 50 } };
  await page.goto(link({ ...state, shared, runs: [ce, focal] }));
  await page.getByTestId('start').click();
  await expect(page.locator('[data-testid="run-row"][data-status="error"]')).toHaveCount(2, { timeout: 60_000 });
  await selectRun(page, 0);
  await expect(page.getByTestId('run-error')).toContainText('digits-train.ltd failed its checksum: the download is damaged or the file was changed');
  await page.screenshot({ path: `${SHOTS}/fault-checksum.png` });
  damage = false;
  await page.getByTestId('start').click();
  await expect(page.locator('[data-testid="run-row"][data-status="done"]')).toHaveCount(2, { timeout: 120_000 });
});
