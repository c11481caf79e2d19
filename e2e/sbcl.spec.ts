import { expect, test } from '@playwright/test';
import { SHOTS, setNumber } from './helpers';

test('SBCL trains on the 2-D blobs and draws its subclasses live; a link carries it', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('method').selectOption('sbcl');
  await setNumber(page, 'epochs', 8);
  // The link in the address bar carries the method: opening it again selects SBCL.
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#w=/);
  const link = await page.evaluate(() => location.href);
  await page.goto('about:blank');
  await page.goto(link);
  await expect(page.getByTestId('method')).toHaveValue('sbcl');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
  const panel = page.getByTestId('chart-subclasses');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('subclass-status')).toContainText('k-means');
  // Two planes (input, embedding), each with a marker per sampled training point.
  await expect(panel.locator('svg[role="img"]')).toHaveCount(2);
  expect(await panel.locator('svg[role="img"]').first().locator('path').count()).toBeGreaterThan(50);
  await expect(page.getByTestId('subclass-counts')).toContainText('subclasses');
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: `${SHOTS}/sbcl-subclasses-1440.png` });
  await page.setViewportSize({ width: 360, height: 800 });
  await expect(panel).toBeVisible();
  const box = await panel.boundingBox();
  expect(box?.width ?? 999).toBeLessThanOrEqual(360);
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: `${SHOTS}/sbcl-subclasses-360.png` });
});

test('SBCL’s card (formula included) fits a 360 px screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/');
  await page.getByTestId('settings-toggle').click().catch(() => undefined);
  await page.getByTestId('method').selectOption('sbcl');
  const card = page.getByTestId('method-card');
  await expect(card).toContainText('Subclass-balancing');
  const box = await card.boundingBox();
  expect(box?.width ?? 999).toBeLessThanOrEqual(360);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(overflow).toBeLessThanOrEqual(360);
  await card.screenshot({ path: 'test-results/screenshots/sbcl-card-360.png' });
});
