import { expect, test } from '@playwright/test';
import { SHOTS, setNumber } from './helpers';

test('a CNN trains on a small Fashion-MNIST-LT set on WebGPU, with the image grid and confusion matrix', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('dataset-kind').selectOption('fashion-mnist');
  await page.getByTestId('model-kind').selectOption('cnn');
  await page.getByTestId('backend').selectOption('webgpu');
  // Software WebGPU takes seconds per CNN step here: three classes, a few dozen images, one step.
  await setNumber(page, 'classes', 3);
  await setNumber(page, 'n-max', 40);
  await setNumber(page, 'rho', 4);
  await setNumber(page, 'test-per-class', 10);
  await setNumber(page, 'batch-size', 128);
  await setNumber(page, 'epochs', 1);
  await page.getByTestId('start').click();
  await expect(page.getByTestId('backend-in-use')).toHaveAttribute('data-backend', 'webgpu', { timeout: 60_000 });
  await expect(page.getByTestId('chart-boundary')).toContainText('Training images per class');
  await expect(page.getByTestId('chart-boundary').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
  await expect(page.getByTestId('chart-confusion').locator('canvas')).toBeVisible();
  const accuracy = parseFloat((await page.getByTestId('accuracy').textContent()) ?? '0');
  expect(accuracy).toBeGreaterThan(0); // one step only: the point is that the CNN trains on WebGPU
  await page.screenshot({ path: `${SHOTS}/fashion-cnn-webgpu.png`, fullPage: true });
});

test('SADE trains its three experts and shows who is good at what, and the aggregation weights', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('method').selectOption('sade');
  await setNumber(page, 'epochs', 12);
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  const panel = page.getByTestId('chart-experts');
  await expect(panel).toBeVisible();
  // Three experts and the ensemble, one line each, over the frequency bars.
  await expect(panel.locator('.chart-line')).toHaveCount(4);
  await expect(page.getByTestId('experts-disagreement')).toContainText('tail (backward)');
  await expect(page.getByTestId('experts-weights')).toContainText('head (forward)');
  await page.screenshot({ path: `${SHOTS}/sade-experts.png`, fullPage: true });
});
