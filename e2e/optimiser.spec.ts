import { expect, test, type Page } from '@playwright/test';
import { SHOTS } from './helpers';

/** Many, Medium and Few correct-class probability (%) as the optimiser panel reads them out. */
async function splitProbability(page: Page): Promise<number[]> {
  const text = (await page.getByTestId('split-probability-values').textContent()) ?? '';
  return [...text.matchAll(/([\d.]+)%/g)].map((m) => Number(m[1]));
}

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
  // Muon learns the tail with the head (muonTail.efficacy.test.ts: 0.99 / 0.99). The panel renders
  // deferred, so the last evaluation may reach it after the run's status: poll.
  await expect.poll(async () => Math.min(...(await splitProbability(page)))).toBeGreaterThan(90);
  const few = (await splitProbability(page))[2] ?? 0;
  await expect(page.getByTestId('optimiser-notes')).toContainText('Muon');
  await page.getByTestId('chart-split-probability').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/optimiser-lesson.png`, fullPage: true });

  // Adam from the lesson's link: the same workspace with another optimiser, in a tab of its own.
  const href = await page.getByTestId('lesson-variant-0').first().getAttribute('href');
  const adam = await page.context().newPage();
  await adam.setViewportSize({ width: 360, height: 800 });
  await adam.goto(`/${href ?? ''}`);
  await expect(adam.getByTestId('lesson-banner')).toContainText('Does the optimiser matter for the tail?');
  await adam.getByTestId('start').click();
  await expect(adam.locator('[data-testid="run-row"][data-status="done"]')).toHaveCount(1, { timeout: 180_000 });
  await expect(adam.getByTestId('chart-spectrum')).toBeVisible();
  // Adam leaves the tail behind (the efficacy test: Many ≈ 0.80, Few ≈ 0.30), and behind Muon's.
  await expect.poll(async () => (await splitProbability(adam))[0] ?? 0).toBeGreaterThan(70);
  const [adamMany = 0, , adamFew = 100] = await splitProbability(adam);
  expect(adamFew).toBeLessThan(adamMany - 20);
  expect(adamFew).toBeLessThan(few);
  await adam.getByTestId('chart-spectrum').scrollIntoViewIfNeeded();
  await adam.screenshot({ path: `${SHOTS}/optimiser-lesson-adam-360.png`, fullPage: true });
});
