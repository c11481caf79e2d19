import { expect, test } from '@playwright/test';
import { SHOTS, waitAllDone } from './helpers';

test('the lessons gallery offers at least six lessons, and one runs from a click with its text on screen', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('view-lessons').click();
  // The view changes in a deferred render: wait for the gallery before counting its cards.
  await expect(page.getByTestId('lesson-card').first()).toBeVisible();
  expect(await page.getByTestId('lesson-card').count()).toBeGreaterThanOrEqual(6);
  await page.screenshot({ path: `${SHOTS}/lessons-gallery.png`, fullPage: true });

  const card = page.locator('[data-testid="lesson-card"][data-lesson="calibration"]');
  const runs = Number(/(\d+) runs/.exec((await card.textContent()) ?? '')?.[1]);
  expect(runs).toBeGreaterThanOrEqual(3);
  await page.getByTestId('open-lesson-calibration').click();
  await expect(page.getByTestId('lesson-banner')).toContainText('Calibration on the tail');
  await expect(page.getByTestId('view-compare')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('run-row')).toHaveCount(runs);
  await waitAllDone(page, runs);
  // The lesson's point: calibration-aware losses beat cross-entropy's ECE (run 1).
  const ece = await page.locator('[data-testid="leaderboard-row"]').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.querySelector('[data-column="index"]')?.textContent, Number(r.querySelector('[data-column="ece"]')?.getAttribute('data-value'))])),
  );
  expect(ece['2']).toBeLessThan((ece['1'] ?? 0) / 2);
  expect(ece['3']).toBeLessThan((ece['1'] ?? 0) / 2);
  await expect(page).toHaveURL(/#w=/);
  await page.screenshot({ path: `${SHOTS}/lesson-calibration.png`, fullPage: true });
});
