import { expect, test } from '@playwright/test';
import { SHOTS, setNumber } from './helpers';

test('DeiT-LT trains its CNN teacher, then the ViT, and shows the CLS / DIST heads and the attention maps', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto('/');
  // Sizes the digits hold first (a change that leaves the settings invalid is refused), then the data and the ViT.
  await setNumber(page, 'n-max', 60);
  await setNumber(page, 'rho', 10);
  await setNumber(page, 'test-per-class', 20);
  await page.getByTestId('dataset-kind').selectOption('digits');
  await page.getByTestId('model-kind').selectOption('vit');
  await page.getByTestId('backend').selectOption('wasm');
  await setNumber(page, 'batch-size', 32);
  await setNumber(page, 'epochs', 4);
  await setNumber(page, 'learning-rate', 0.003);
  await page.getByTestId('method').selectOption('deit-lt');
  await expect(page.getByTestId('method-card')).toContainText('DeiT-LT');
  await setNumber(page, 'param-teacherEpochs', 4);
  await page.getByTestId('start').click();
  // The teacher's phase comes first, and says so.
  await expect(page.getByTestId('distillation-phase')).toHaveAttribute('data-phase', 'teacher', { timeout: 120_000 });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
  await expect(page.getByTestId('distillation-phase')).toHaveAttribute('data-phase', 'student');
  const heads = page.getByTestId('chart-deit-heads');
  await expect(heads).toBeVisible();
  // CLS, DIST, their average and the teacher: one line each over the frequency bars.
  await expect(heads.locator('.chart-line')).toHaveCount(4);
  await expect(page.getByTestId('attention-canvas')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/deit-lt-1440.png`, fullPage: true });
  await page.getByTestId('vit-panel').screenshot({ path: `${SHOTS}/deit-lt-panel-1440.png` });
  await page.setViewportSize({ width: 360, height: 800 });
  await expect(page.getByTestId('attention-canvas')).toBeVisible();
  await page.getByTestId('vit-panel').screenshot({ path: `${SHOTS}/deit-lt-panel-360.png` });
  // Nothing wider than the phone's screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.getByTestId('chart-deit-heads').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/deit-lt-360.png`, fullPage: true });
});
