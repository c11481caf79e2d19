import { expect, test } from '@playwright/test';
import { SHOTS, currentStep, setNumber } from './helpers';

test('Pause pauses, Step takes one step, Resume goes on, Reset clears', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('speed').selectOption('slow');
  await page.getByTestId('start').click();
  await expect.poll(() => currentStep(page), { timeout: 60_000 }).toBeGreaterThan(2);

  // Shared settings are locked while runs exist (one disabled fieldset around them).
  await expect(page.getByTestId('classes')).toBeDisabled();
  await expect(page.getByTestId('backend')).toBeDisabled();

  await page.getByTestId('pause').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused');
  await page.waitForTimeout(500); // let a chunk in flight land
  const paused = await currentStep(page);
  await page.waitForTimeout(1500);
  expect(await currentStep(page)).toBe(paused);

  await page.getByTestId('step').click();
  await expect.poll(() => currentStep(page)).toBe(paused + 1);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused');

  await page.getByTestId('pause').click(); // now labelled Resume
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  await expect.poll(() => currentStep(page)).toBeGreaterThan(paused + 2);

  await page.getByTestId('reset').click();
  await expect(page.getByText('Nothing has run yet')).toBeVisible();
  await expect(page.getByTestId('classes')).toBeEnabled();
});

test('impossible settings are refused with a clear message and change nothing', async ({ page }) => {
  await page.goto('/');
  await setNumber(page, 'learning-rate', 5);
  await expect(page.getByText('Must be between 0.00001 and 1.')).toBeVisible();
  await setNumber(page, 'classes', 50);
  await expect(page.getByText('Must be between 3 and 20.')).toBeVisible();
  await setNumber(page, 'epochs', '');
  await expect(page.getByText('Enter a number.')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/invalid-settings.png` });

  // The run still uses the last valid values: 10 classes.
  await page.getByTestId('start').click();
  await expect(page.getByTestId('chart-frequency').locator('.chart-bar')).toHaveCount(10, { timeout: 60_000 });
});
