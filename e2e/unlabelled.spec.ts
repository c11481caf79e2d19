import { expect, test } from '@playwright/test';
import { SHOTS } from './helpers';

test('unlabelled data: the lesson trains with pseudo-labels from a click, shows their per-class accuracy, and the setting is in the panel', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('view-lessons').click();
  // The view changes in a deferred render: wait for the gallery before clicking in it.
  await expect(page.getByTestId('open-lesson-unlabelled-data')).toBeVisible();
  await page.getByTestId('open-lesson-unlabelled-data').click();
  await expect(page.getByTestId('lesson-banner')).toContainText('What does unlabelled data buy the tail?');
  // The extra phase shows in the run status while it lasts.
  await expect(page.getByTestId('run-stage')).toContainText(/pseudo-labels/, { timeout: 60_000 });
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  const card = page.getByTestId('chart-unlabelled');
  await expect(card).toBeVisible();
  await expect(card.locator('svg').first()).toBeVisible();
  await expect(page.getByTestId('pseudo-label-summary')).toContainText(/labelling model alone .* Few/);
  await expect(page.getByTestId('pseudo-label-summary')).toContainText('this run now');
  await expect(page.getByTestId('unlabelled-kind')).toHaveValue('pseudo-label');
  await expect(page.getByTestId('rho-u')).toHaveValue('1');
  await expect(page).toHaveURL(/#w=/);
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: `${SHOTS}/unlabelled-chart-1440.png` });
  await page.getByTestId('unlabelled-kind').scrollIntoViewIfNeeded();
  await page.locator('.config-panel').screenshot({ path: `${SHOTS}/unlabelled-panel-1440.png` });

  await page.setViewportSize({ width: 360, height: 800 });
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: `${SHOTS}/unlabelled-chart-360.png` });
  // On a phone the settings open from the header.
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('unlabelled-kind').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('rho-u')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/unlabelled-panel-360.png` });
});
