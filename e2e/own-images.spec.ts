import { zipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { setNumber } from './helpers';

test('a zip of class folders of PNGs, written by the test, imports off the main thread and the CNN trains on it', async ({ page }) => {
  await page.goto('/');
  // PNGs drawn by the browser: class "bars" (horizontal stripes, 24), "cols" (vertical, 8), "dots" (4).
  const pngs = await page.evaluate(async () => {
    const out: Record<string, number[]> = {};
    const draw = async (kind: string, i: number) => {
      const canvas = new OffscreenCanvas(20, 20);
      const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, 20, 20);
      ctx.fillStyle = '#000';
      for (let k = 0; k < 20; k += 5) {
        if (kind === 'bars') ctx.fillRect(0, k + (i % 3), 20, 2);
        else if (kind === 'cols') ctx.fillRect(k + (i % 3), 0, 2, 20);
        else ctx.fillRect(k + (i % 3), k, 3, 3);
      }
      out[`shapes/${kind}/${i}.png`] = [...new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer())];
    };
    for (const [kind, n] of [['bars', 24], ['cols', 8], ['dots', 4]] as const) for (let i = 0; i < n; i++) await draw(kind, i);
    return out;
  });
  const zip = zipSync(Object.fromEntries(Object.entries(pngs).map(([path, bytes]) => [path, Uint8Array.from(bytes)])));

  await page.getByTestId('dataset-kind').selectOption('own');
  await page.getByTestId('own-zip').setInputFiles({ name: 'flat.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync({ 'a.png': Uint8Array.from(pngs['shapes/bars/0.png'] ?? []) })) });
  await expect(page.getByTestId('own-error')).toContainText('no PNG, JPEG or WebP images in class folders');

  await page.getByTestId('own-zip').setInputFiles({ name: 'shapes.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await expect(page.getByTestId('dataset-card')).toContainText('36 images (28 × 28 × 1)');
  await expect(page.getByTestId('own-imbalance')).toHaveText('6.0');

  await page.getByTestId('model-kind').selectOption('cnn');
  await setNumber(page, 'batch-size', 32);
  await setNumber(page, 'epochs', 3);
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  await expect(page.getByTestId('chart-frequency').locator('.chart-bar')).toHaveCount(3);
});
