import { expect, test } from '@playwright/test';
import { SHOTS, currentStep, setNumber, splitValues, startResponsivenessProbe, stopResponsivenessProbe } from './helpers';

test('a model trains on WebGPU in a worker', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Long-Tail Lab' })).toBeVisible();
  // Software WebGPU (SwiftShader) manages about one step a second here: keep the run tiny.
  await page.getByTestId('backend').selectOption('webgpu');
  await setNumber(page, 'n-max', 200);
  await setNumber(page, 'batch-size', 256);
  await setNumber(page, 'learning-rate', 0.03);
  await setNumber(page, 'epochs', 8);
  await page.getByTestId('start').click();

  // A warming-up state shows first, then the worker reports the backend it really runs on.
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', /starting|warming-up/);
  await expect(page.getByTestId('backend-in-use')).toHaveAttribute('data-backend', 'webgpu');

  await expect.poll(() => currentStep(page), { timeout: 90_000 }).toBeGreaterThan(3);
  await page.screenshot({ path: `${SHOTS}/training-webgpu.png`, fullPage: true });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });

  const accuracy = parseFloat((await page.getByTestId('accuracy').textContent()) ?? '0');
  expect(accuracy).toBeGreaterThan(25); // 10 classes: chance is 10 %
  await page.screenshot({ path: `${SHOTS}/trained-webgpu.png`, fullPage: true });
});

test('with plain cross-entropy at ρ = 100 the tail classes fall behind, every chart draws, and the page stays responsive', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('start').click();
  await startResponsivenessProbe(page);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  // Training runs in the worker: no task of the page blocked its main thread for a second while
  // the charts redrew. Measured here: 0 ms (no task over 50 ms) since the charts are plain SVG;
  // 174–274 ms with recharts, ≈ 620 ms before snapshots were batched. The bound stays loose
  // because another process on these two cores can stretch any task: the bench measures speed.
  const longest = await stopResponsivenessProbe(page);
  console.log(`longest main-thread task while training: ${longest.toFixed(0)} ms`);
  expect(longest).toBeLessThan(1000);

  const splits = await splitValues(page);
  expect(splits.many).toBeGreaterThan(80);
  expect(splits.few).toBeLessThan(splits.many - 30);

  await expect(page.getByTestId('chart-frequency').locator('.chart-line')).toHaveCount(1);
  await expect(page.getByTestId('chart-frequency').locator('.chart-bar')).toHaveCount(10);
  await expect(page.getByTestId('chart-splits').locator('.chart-bar')).toHaveCount(3);
  await expect(page.getByTestId('chart-curves').locator('.chart-line')).not.toHaveCount(0);
  await expect(page.getByTestId('chart-reliability')).toContainText('ECE');
  // The decision-region canvas is painted: it holds many distinct colours, not a blank.
  const colours = await page.getByTestId('chart-boundary').locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 97) seen.add(((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0));
    return seen.size;
  });
  expect(colours).toBeGreaterThan(10);

  const download = page.waitForEvent('download');
  await page.getByTestId('export').click();
  const file = await download;
  const results = JSON.parse(await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8')));
  expect(results.test.perClass).toHaveLength(10);
  expect(results.config.seed).toBe(1);
  expect(typeof results.test.ece).toBe('number');
  expect(results.backend).toBeTruthy();
  await page.screenshot({ path: `${SHOTS}/cross-entropy-rho100.png`, fullPage: true });
});
