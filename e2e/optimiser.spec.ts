import { expect, test } from '@playwright/test';
import { SHOTS } from './helpers';

test('the optimiser lesson trains the associative memory with Muon and shows head and tail probability, the spectrum, and links to Adam and GD', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('view-lessons').click();
  const card = page.locator('[data-testid="lesson-card"][data-lesson="optimiser-tail"]');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('lesson-variant-0')).toHaveText('Adam');
  await page.getByTestId('open-lesson-optimiser-tail').click();
  await expect(page.getByTestId('lesson-banner')).toContainText('Does the optimiser matter for the tail?');
  await expect(page.locator('[data-testid="run-row"][data-status="done"]')).toHaveCount(1, { timeout: 180_000 });
  // The Run view renders in a deferred pass: wait for the panel before reading it.
  await expect(page.getByTestId('chart-spectrum')).toBeVisible();
  await expect(page.getByTestId('spectrum-table')).toContainText('W');
  const values = (await page.getByTestId('split-probability-values').textContent()) ?? '';
  const [many, , few] = [...values.matchAll(/([\d.]+)%/g)].map((m) => Number(m[1]));
  // Muon learns the tail with the head (muonTail.efficacy.test.ts: 0.99 / 0.99).
  expect(many).toBeGreaterThan(90);
  expect(few).toBeGreaterThan(90);
  await expect(page.getByTestId('optimiser-notes')).toContainText('Muon');
  await page.getByTestId('chart-split-probability').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/optimiser-lesson.png`, fullPage: true });

  // Adam from the lesson's link: the same workspace with another optimiser, in a tab of its own.
  const href = await page.getByTestId('lesson-variant-0').first().getAttribute('href');
  const adam = await page.context().newPage();
  await adam.setViewportSize({ width: 360, height: 800 });
  await adam.goto(`/${href ?? ''}`);
  await expect(adam.getByTestId('lesson-banner')).toContainText('Does the optimiser matter for the tail?');
  await adam.screenshot({ path: `${SHOTS}/optimiser-lesson-adam-360.png`, fullPage: true });
});
