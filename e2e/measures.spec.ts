import { expect, test } from '@playwright/test';
import { SHOTS, setNumber, waitAllDone } from './helpers';

test('two short runs: frequency law, relative accuracy with its reference runs, and the test-agnostic sweep', async ({ page }) => {
  await page.goto('/');
  await setNumber(page, 'epochs', 3);
  await page.getByTestId('add-run').selectOption('balanced-softmax');
  await expect(page.getByTestId('run-row')).toHaveCount(2);
  await page.getByTestId('start').click();
  await waitAllDone(page, 2);
  await page.getByTestId('view-compare').click();

  // The frequency–accuracy law: a fitted line per run, slope and R² in the caption and the leaderboard.
  await expect(page.getByTestId('compare-frequency').getByTestId('law-line')).toHaveCount(2);
  const slopes = await page.locator('[data-testid="leaderboard-row"] [data-column="lawSlope"]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
  expect(slopes).toHaveLength(2);
  for (const s of slopes) expect(Number.isFinite(s)).toBe(true);

  // Relative accuracy: turning it on queues the balanced references (CE shared by both runs, and balanced softmax), shown apart.
  await page.getByTestId('toggle-relative-accuracy').check();
  await expect(page.getByTestId('reference-run')).toHaveCount(2);
  await expect(page.locator('[data-testid="reference-run"][data-status="done"]')).toHaveCount(2, { timeout: 120_000 });
  await expect(page.getByTestId('leaderboard-row')).toHaveCount(2);
  const ra = page.locator('[data-testid="leaderboard-row"] [data-column="ra"]');
  await expect.poll(() => ra.evaluateAll((cells) => cells.filter((c) => Number.isFinite(Number(c.getAttribute('data-value')))).length)).toBe(2);
  const values = await ra.evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
  for (const v of values) expect(v).toBeGreaterThan(0.3);
  // The link carries the switch.
  expect(page.url()).toContain('#');

  // One click: the sweep over the eleven test distributions, one line per run.
  await page.getByTestId('open-sweep').click();
  await expect(page.getByTestId('compare-sweep').getByTestId('sweep-line')).toHaveCount(2);
  await expect(page.getByTestId('compare-sweep').locator('circle')).toHaveCount(22);
  await page.screenshot({ path: `${SHOTS}/measures.png`, fullPage: true });
});
