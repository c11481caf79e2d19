import { expect, test } from '@playwright/test';
import { SHOTS, currentStep, setNumber, startResponsivenessProbe, stopResponsivenessProbe } from './helpers';

test('a long-tailed model trains on WebGPU in a worker, the charts move and the tail falls behind', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Long-Tail Lab' })).toBeVisible();
  await page.getByTestId('backend').selectOption('webgpu');
  await setNumber(page, 'epochs', 20);
  await page.getByTestId('start').click();

  // A warming-up state shows first, then the worker reports the backend it really runs on.
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', /starting|warming-up|running/);
  await expect(page.getByTestId('backend-in-use')).toHaveAttribute('data-backend', 'webgpu');

  await startResponsivenessProbe(page);
  await expect.poll(() => currentStep(page), { timeout: 60_000 }).toBeGreaterThan(5);
  const early = await page.getByTestId('accuracy').textContent();
  await page.screenshot({ path: `${SHOTS}/training-webgpu.png`, fullPage: true });

  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
  const maxGap = await stopResponsivenessProbe(page);
  // The page must stay usable while training: no main-thread freeze of a second or more.
  expect(maxGap).toBeLessThan(1000);

  const accuracy = parseFloat((await page.getByTestId('accuracy').textContent()) ?? '0');
  expect(accuracy).toBeGreaterThan(30); // 10 classes: chance is 10 %
  expect(accuracy).not.toBe(parseFloat(early ?? '0'));
  const splits = Object.fromEntries(
    ((await page.getByTestId('split-values').textContent()) ?? '').split(', ').map((part) => {
      const [name, value] = part.split(' ');
      return [name, parseFloat(value ?? 'NaN')];
    }),
  );
  // Plain cross-entropy at ρ = 100 leaves the Few classes far behind the Many classes.
  expect(splits.many).toBeGreaterThan(splits.few + 15);

  // The frequency chart draws one accuracy line over the bars; the boundary canvas is painted.
  await expect(page.getByTestId('chart-frequency').locator('svg .recharts-line')).toHaveCount(1);
  await expect(page.getByTestId('chart-boundary').locator('canvas')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/trained-webgpu.png`, fullPage: true });
});
