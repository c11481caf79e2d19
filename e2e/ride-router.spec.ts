import { expect, test } from '@playwright/test';
import { SHOTS, setNumber } from './helpers';

test('RIDE with its learned router trains the router after the experts and shows how many experts samples consulted', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('method').selectOption('ride');
  await expect(page.getByTestId('param-router').locator('option')).toHaveText(['Off: every expert', 'Learned (RIDE-EA)']);
  await page.getByTestId('param-router').selectOption('1');
  await setNumber(page, 'epochs', 6);
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  // Six epochs of RIDE, then the router's five.
  await expect(page.getByTestId('progress-text')).toContainText('/ 11');
  const consulted = page.getByTestId('experts-consulted');
  await expect(consulted).toContainText('Experts consulted per test sample');
  await expect(consulted).toContainText('3:');
  await expect(consulted).toContainText(/mean \d\.\d\d of 3/);
  await page.screenshot({ path: `${SHOTS}/ride-router-1440.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.getByTestId('chart-experts').scrollIntoViewIfNeeded();
  await page.getByTestId('chart-experts').screenshot({ path: `${SHOTS}/ride-router-360.png` });
});
