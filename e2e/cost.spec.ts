// lz-string is CommonJS: Node's ESM loader (Playwright's) offers it as a default export only.
import LZString from 'lz-string';
import { expect, test } from '@playwright/test';
import { SHOTS } from './helpers';

/** The costliest run a link may ask for (issue #14): ≈ 7.5 million steps, days of training. */
test('the costliest link says what it costs and asks before it starts; the backend choice stays within its budget', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/#w=/);
  const state = JSON.parse(LZString.decompressFromEncodedURIComponent(new URL(page.url()).hash.slice(3)) ?? 'null') as { shared: Record<string, Record<string, unknown>> };
  const shared = {
    ...state.shared,
    dataset: { ...state.shared.dataset, kind: 'blobs', classes: 20, nMax: 6000, rho: 1 },
    model: { ...state.shared.model, kind: 'mlp', width: 512, depth: 4 },
    batchSize: 8,
    epochs: 500,
  };
  await page.goto(`/#w=${LZString.compressToEncodedURIComponent(JSON.stringify({ ...state, shared }))}`);
  await expect(page.getByTestId('estimate')).toContainText(/days/);

  // Declined: nothing starts.
  const asked: string[] = [];
  page.once('dialog', (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await page.getByTestId('start').click();
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toMatch(/This run is estimated to take about [\d.]+ days: 7,500,000 training steps at \d+ ms a step/);
  await expect(page.getByText('Nothing has run yet')).toBeVisible();

  // Accepted: it starts, says what it is doing, and leaves the backend choice within its budget
  // (on main it sat about 50 s on "loading the backend…").
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', /starting|warming-up|running/);
  await expect(page.getByTestId('run-status')).not.toHaveAttribute('data-status', 'starting', { timeout: 30_000 });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await expect(page.getByTestId('time-left')).toContainText(/left/);
  await page.screenshot({ path: `${SHOTS}/costly-run-time-left.png` });
  await page.getByTestId('stop-all').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped');
});

test('a cheap run starts without a question and shows its estimate', async ({ page }) => {
  page.on('dialog', (d) => {
    throw new Error(`a cheap run asked: ${d.message()}`);
  });
  await page.goto('/');
  await expect(page.getByTestId('estimate')).toContainText(/about \d+ s|under a second/);
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
});
