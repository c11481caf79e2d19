import { expect, test } from '@playwright/test';
import { SHOTS, leaderboard, setNumber, waitAllDone } from './helpers';

test('finished runs are still there after a reload; a run cut off by a reload comes back interrupted and re-runs', async ({ page }) => {
  await page.goto('/');
  await setNumber(page, 'epochs', 8);
  await page.getByTestId('add-run').selectOption('balanced-softmax');
  await page.getByTestId('start').click();
  await waitAllDone(page, 2);
  const before = await leaderboard(page);
  await page.waitForTimeout(800); // the last writes are asynchronous

  await page.reload();
  await expect(page.getByTestId('run-row')).toHaveCount(2);
  await expect(page.locator('[data-testid="run-row"][data-status="done"]')).toHaveCount(2);
  expect(await leaderboard(page)).toEqual(before);
  await expect(page.getByTestId('compare-frequency').locator('.chart-line')).toHaveCount(2);
  await page.screenshot({ path: `${SHOTS}/reload-restored.png`, fullPage: true });

  // Re-run the first one slowly and reload while it trains.
  await page.getByTestId('speed').selectOption('slow');
  await page.getByTestId('run-rerun').first().click();
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await page.waitForTimeout(4000); // progress is saved every few seconds
  await page.reload();
  const first = page.getByTestId('run-row').first();
  await expect(first).toHaveAttribute('data-status', 'interrupted');
  await expect(page.getByTestId('run-row').nth(1)).toHaveAttribute('data-status', 'done');
  await first.getByRole('button', { name: /^1 · / }).click();
  await page.getByTestId('view-run').click();
  await expect(page.getByTestId('run-interrupted')).toContainText('still training when the page was reloaded');
  await page.screenshot({ path: `${SHOTS}/reload-interrupted.png`, fullPage: true });

  await first.getByTestId('run-rerun').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await page.getByTestId('view-compare').click();
  expect(await leaderboard(page)).toEqual(before);
});

test('storage that is unavailable is reported, and training still works', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true }));
  await page.goto('/');
  await expect(page.getByTestId('notice-storage')).toContainText('Nothing will be kept after a reload');
  await page.screenshot({ path: `${SHOTS}/storage-unavailable.png` });
  await setNumber(page, 'epochs', 2);
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
});

test('storage that is full is reported, not dropped silently', async ({ page }) => {
  await page.addInitScript(() => {
    IDBObjectStore.prototype.put = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto('/');
  await expect(page.getByTestId('notice-storage')).toContainText('storage for this site is full');
  await expect(page.getByTestId('notice-storage')).toHaveAttribute('data-tone', 'error');
});
