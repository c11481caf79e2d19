import { expect, test } from '@playwright/test';
import { SHOTS, leaderboard, setNumber, waitAllDone } from './helpers';

test('three methods compared side by side; the copied link reproduces the same leaderboard in a fresh page', async ({ page, browser, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await setNumber(page, 'epochs', 12);
  await page.getByTestId('add-run').selectOption('balanced-softmax');
  await page.getByTestId('add-run').selectOption('logit-adjustment');
  await setNumber(page, 'param-tau', 1.5);
  await expect(page.getByTestId('run-row')).toHaveCount(3);
  await expect(page.getByTestId('view-compare')).toHaveAttribute('aria-selected', 'true');

  await page.getByTestId('start').click();
  // One worker per free core (all but one), the others wait in the queue.
  const slots = await page.evaluate(() => Math.max(1, navigator.hardwareConcurrency - 1));
  if (slots < 3) await expect(page.locator('[data-testid="run-row"][data-status="queued"]')).not.toHaveCount(0);
  await waitAllDone(page, 3);
  const original = await leaderboard(page);
  expect(original).toHaveLength(3);
  expect(original.join('\n')).toContain('Logit-adjusted loss (τ = 1.5)');
  // One line per run over the shared frequency bars, one bar group per run, one ECE bar per run.
  await expect(page.getByTestId('compare-frequency').locator('.chart-line')).toHaveCount(3);
  await expect(page.getByTestId('compare-splits').locator('.chart-bar')).toHaveCount(9);
  await expect(page.getByTestId('compare-ece').locator('.chart-bar')).toHaveCount(3);
  await page.screenshot({ path: `${SHOTS}/compare-three-methods.png`, fullPage: true });

  // Sorting by a header reorders the rows; clicking again reverses them.
  await page.getByTestId('sort-few').click();
  const fewDesc = await page.locator('[data-testid="leaderboard-row"] [data-column="few"]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
  expect(fewDesc).toEqual([...fewDesc].sort((a, b) => b - a));
  await page.getByTestId('sort-few').click();
  const fewAsc = await page.locator('[data-testid="leaderboard-row"] [data-column="few"]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
  expect(fewAsc).toEqual([...fewDesc].reverse());
  await page.getByTestId('sort-balanced').click();

  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-status')).toContainText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/#w=[A-Za-z0-9+\-$]+$/);

  // A fresh browser context: no storage shared with the first page, so nothing can be reused.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByTestId('notice-link')).toContainText('Opened a shared workspace with 3 runs');
  await expect(other.getByTestId('run-row')).toHaveCount(3);
  await expect(other.getByTestId('leaderboard-row')).toHaveCount(0);
  await other.getByTestId('start').click();
  await waitAllDone(other, 3);
  expect(await leaderboard(other)).toEqual(original);
  await other.screenshot({ path: `${SHOTS}/compare-from-link.png`, fullPage: true });
  await fresh.close();
});

test('a post-hoc run in a comparison keeps its live knob, which changes its numbers without retraining', async ({ page }) => {
  await page.goto('/');
  await setNumber(page, 'epochs', 6);
  await page.getByTestId('add-run').selectOption('la-posthoc');
  await page.getByTestId('start').click();
  await waitAllDone(page, 2);
  await page.getByRole('button', { name: /^2 · Post-hoc logit adjustment/ }).click();
  await page.getByTestId('view-run').click();
  const slider = page.getByTestId('live-knob-slider');
  await expect(slider).toBeEnabled();
  const few = async () => (await page.getByTestId('few-accuracy').textContent()) ?? '';
  const before = await few();
  await slider.fill('0');
  await expect(page.getByTestId('live-knob-value')).toHaveText('0.00');
  await expect.poll(few).not.toBe(before);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
  await page.screenshot({ path: `${SHOTS}/compare-live-knob.png`, fullPage: true });
});

test('a workspace holds at most eight runs, each drawn in its own colour', async ({ page }) => {
  await page.goto('/');
  await setNumber(page, 'epochs', 4);
  const methods = await page.getByTestId('add-run').locator('option:not([value=""])').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  for (const id of methods.slice(1, 8)) await page.getByTestId('add-run').selectOption(id);
  await expect(page.getByTestId('run-row')).toHaveCount(8);
  await expect(page.getByTestId('add-run')).toBeDisabled();
  await page.getByTestId('start').click();
  await waitAllDone(page, 8);
  // Charts redraw on their turn, a few tasks after the leaderboard: wait for the last line.
  const colours = () =>
    page
      .getByTestId('compare-frequency')
      .locator('.chart-line path')
      .evaluateAll((paths) => new Set(paths.map((p) => p.getAttribute('stroke'))).size);
  await expect.poll(colours).toBe(8);
  await page.screenshot({ path: `${SHOTS}/compare-eight-runs.png`, fullPage: true });
});
