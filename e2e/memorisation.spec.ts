import { expect, test, type Page } from '@playwright/test';
import { SHOTS, setNumber } from './helpers';

const status = (page: Page) => page.getByTestId('memo-status');
const done = async (page: Page) => Number(await status(page).getAttribute('data-done'));

test('memorisation explorer: trains subset models with progress, keeps finished ones across a reload, shows its views', async ({ page }) => {
  await page.goto('/');
  // 2-D data, a few epochs: each subset model trains in about a second.
  await setNumber(page, 'epochs', 6);
  await page.getByTestId('view-compare').click();
  await page.getByTestId('open-memorisation').click();
  await setNumber(page, 'memo-models', 8);
  await expect(page.getByTestId('memo-start')).toHaveText('Train 8 models');
  await page.getByTestId('memo-start').click();

  // Progress and time left while it trains, then Pause holds it.
  await expect(status(page)).toHaveAttribute('data-status', 'running');
  await expect.poll(() => done(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
  await expect(status(page)).toContainText('time left');
  await page.getByTestId('memo-pause').click();
  await expect(status(page)).toHaveAttribute('data-status', 'paused');
  const before = await done(page);
  const workers = Number(await status(page).getAttribute('data-workers'));
  await page.waitForTimeout(1500);
  // At most the answers already on their way (one per worker) may land after Pause.
  expect(await done(page)).toBeLessThanOrEqual(before + workers);
  const kept = await done(page);

  // A reload finds the finished models in IndexedDB; Continue trains only the rest.
  await page.reload();
  await page.getByTestId('view-compare').click();
  await expect(page.getByTestId('memo-kept')).toBeVisible();
  expect(Number(await page.getByTestId('memo-kept').getAttribute('data-kept'))).toBe(kept);
  await expect(page.getByTestId('memo-models')).toHaveValue('8');
  await expect(page.getByTestId('memo-start')).toContainText('Continue');
  await page.getByTestId('memo-start').click();
  // 8 subset models, then the whole set and top / random removals at three counts.
  await expect.poll(async () => (await done(page)) === Number(await status(page).getAttribute('data-total')), { timeout: 180_000 }).toBe(true);
  expect(Number(await status(page).getAttribute('data-total'))).toBe(15);
  await expect(status(page)).toHaveAttribute('data-status', 'idle');

  // The views.
  await expect(page.getByTestId('memo-by-class').getByTestId('memo-class-point').first()).toBeVisible();
  expect(await page.getByTestId('memo-class-point').count()).toBeGreaterThan(3);
  await expect(page.getByTestId('memo-gallery-item')).toHaveCount(8);
  await expect(page.getByTestId('memo-removal-table').locator('tbody tr')).toHaveCount(4);
  const few = Number(await page.getByTestId('memo-split-means').getAttribute('data-few'));
  expect(Number.isFinite(few)).toBe(true);

  await page.getByTestId('memorisation').scrollIntoViewIfNeeded();
  await page.getByTestId('memorisation').screenshot({ path: `${SHOTS}/memorisation-1440.png` });
  await page.setViewportSize({ width: 360, height: 800 });
  await expect(page.getByTestId('memo-gallery-item').first()).toBeVisible();
  // Every chart redraws for the narrow card.
  await expect(page.getByTestId('memo-by-class').locator('svg[role="img"]')).toBeVisible();
  await expect(page.getByTestId('memo-removal').locator('svg[role="img"]')).toBeVisible();
  await page.getByTestId('memorisation').screenshot({ path: `${SHOTS}/memorisation-360.png` });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
});
