import { closeSync, ftruncateSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { zipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import { SHOTS, leaderboard, setNumber, waitAllDone } from './helpers';

/** PNGs drawn by the browser, by path: class "bars" (horizontal stripes, 24), "cols" (vertical, 8), "dots" (4). */
async function drawPngs(page: Page): Promise<Record<string, Uint8Array>> {
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
  return Object.fromEntries(Object.entries(pngs).map(([path, bytes]) => [path, Uint8Array.from(bytes)]));
}

const uploadZip = (page: Page, name: string, zip: Uint8Array) => page.getByTestId('own-zip').setInputFiles({ name, mimeType: 'application/zip', buffer: Buffer.from(zip) });

/** Dark and light pixels of each class's thumbnails on the card: a drawn sample, not a blank canvas. */
const thumbnailInk = (page: Page) =>
  page.getByTestId('dataset-card').getByTestId('own-sample').evaluateAll((canvases) =>
    canvases.map((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      let dark = 0;
      let light = 0;
      for (let p = 0; p < data.length; p += 4) {
        if ((data[p] ?? 0) < 100) dark++;
        if ((data[p] ?? 0) > 200) light++;
      }
      return { width: canvas.width, dark: dark > 20, light: light > 20 };
    }),
  );

test('a zip of class folders, written by the test, imports with a sample of each class; two methods train on it and compare; a reload and a shared link find it all again', async ({ page, browser, context }) => {
  await page.goto('/');
  const pngs = await drawPngs(page);
  const zip = zipSync(pngs);

  await page.getByTestId('dataset-kind').selectOption('own');
  await uploadZip(page, 'shapes.zip', zip);
  await expect(page.getByTestId('dataset-card')).toContainText('36 images (28 × 28 × 1)');
  await expect(page.getByTestId('own-imbalance')).toHaveText('6.0');
  // Four thumbnails of each class (the "dots" class has four) with 2-px gaps, drawn from the stored pixels.
  expect(await thumbnailInk(page)).toEqual([0, 1, 2].map(() => ({ width: 4 * 28 + 3 * 2, dark: true, light: true })));
  await page.getByTestId('own-data').screenshot({ path: `${SHOTS}/own-images-card-1440.png` });
  // On a phone the settings, the card among them, are behind one button.
  await page.setViewportSize({ width: 360, height: 800 });
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('dataset-card').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/own-images-card-360.png` });
  // The card fits the narrow screen (its tables scroll inside it if they must).
  const box = await page.getByTestId('dataset-card').boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? Infinity)).toBeLessThanOrEqual(360);
  await page.setViewportSize({ width: 1440, height: 1000 });

  // A small CNN keeps the software backends quick; both runs share its initial weights.
  await page.getByTestId('model-kind').selectOption('cnn');
  await setNumber(page, 'filters1', 4);
  await setNumber(page, 'filters2', 8);
  await setNumber(page, 'dense', 16);
  await setNumber(page, 'batch-size', 32);
  await setNumber(page, 'epochs', 3);
  await page.getByTestId('add-run').selectOption('balanced-softmax');
  await expect(page.getByTestId('run-row')).toHaveCount(2);
  await page.getByTestId('start').click();
  await waitAllDone(page, 2);
  const before = await leaderboard(page);
  expect(before).toHaveLength(2);
  await expect(page.getByTestId('compare-frequency').locator('.chart-line')).toHaveCount(2);
  await expect(page.getByTestId('compare-splits').locator('.chart-bar')).toHaveCount(6);
  await page.screenshot({ path: `${SHOTS}/own-images-compare.png`, fullPage: true });
  await page.waitForTimeout(800); // the last writes are asynchronous

  await page.reload();
  await expect(page.getByTestId('dataset-card')).toContainText('36 images (28 × 28 × 1)');
  expect(await thumbnailInk(page)).toHaveLength(3);
  await expect(page.getByTestId('model-kind')).toHaveValue('cnn');
  await expect(page.getByTestId('filters1')).toHaveValue('4');
  await expect(page.getByTestId('epochs')).toHaveValue('3');
  await expect(page.locator('[data-testid="run-row"][data-status="done"]')).toHaveCount(2);
  expect(await leaderboard(page)).toEqual(before);
  await expect(page.getByTestId('compare-frequency').locator('.chart-line')).toHaveCount(2);

  // The link does not carry the images: a fresh browser is asked for the zip, and its SHA-256 tells a different zip from the same one.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('own-link-note')).toContainText('not in the link');
  const link = await page.getByTestId('link-text').inputValue();
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByTestId('own-missing')).toContainText('“shapes.zip”, which is not in this browser: the data is not in the link');
  const fewer = Object.fromEntries(Object.entries(pngs).filter(([path]) => path !== 'shapes/dots/3.png'));
  await uploadZip(other, 'shapes.zip', zipSync(fewer));
  await expect(other.getByTestId('own-error')).toContainText('is not the data this workspace was made with');
  await expect(other.getByTestId('dataset-card')).toHaveCount(0);
  await uploadZip(other, 'shapes.zip', zip);
  await expect(other.getByTestId('own-imbalance')).toHaveText('6.0');
  await expect(other.getByTestId('own-missing')).toHaveCount(0);
  await expect(other.getByTestId('run-row')).toHaveCount(2);
  await fresh.close();
});

test('bad image imports are refused with a message naming the file and what is wrong, and nothing is imported', async ({ page }) => {
  await page.goto('/');
  const pngs = await drawPngs(page);
  const png = pngs['shapes/bars/0.png'] ?? new Uint8Array();
  await page.getByTestId('dataset-kind').selectOption('own');
  const error = page.getByTestId('own-error');

  await uploadZip(page, 'flat.zip', zipSync({ 'a.png': png }));
  await expect(error).toContainText('flat.zip holds no PNG, JPEG or WebP images in class folders');
  await uploadZip(page, 'cats.zip', zipSync({ 'set/cats/1.png': png, 'set/cats/2.png': png }));
  await expect(error).toContainText('cats.zip has one class folder only ("cats")');
  // One file that is not an image among good ones: named, and the good ones are not kept either.
  await uploadZip(page, 'broken.zip', zipSync({ ...pngs, 'shapes/cols/9.png': new TextEncoder().encode('not a picture at all') }));
  await expect(error).toContainText('shapes/cols/9.png is not a readable PNG, JPEG or WebP image. Nothing was imported.');
  // A zip bomb: 21 MB of zeros as one "image", a few kB packed.
  const bomb = zipSync({ 'bomb/a/1.png': png, 'bomb/b/huge.png': [new Uint8Array(21 * 2 ** 20), { level: 1 }] });
  expect(bomb.length).toBeLessThan(200_000);
  await uploadZip(page, 'bomb.zip', bomb);
  await expect(error).toContainText('bomb.zip: bomb/b/huge.png unpacks to 21 MB, more than an image may (20 MB): refused (a zip bomb');
  await uploadZip(page, 'junk.zip', new TextEncoder().encode('PK but not really a zip'));
  await expect(error).toContainText('junk.zip is not a readable zip file');
  // A zip over the size limit (a sparse file: its size is all the check reads, so nothing is written to disk).
  const big = 'test-results/own-big.zip';
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 501 * 2 ** 20);
  closeSync(fd);
  await page.getByTestId('own-zip').setInputFiles(big);
  await expect(error).toContainText('own-big.zip is 501 MB; zips up to 500 MB can be imported');

  await expect(page.getByTestId('dataset-card')).toHaveCount(0);
  await expect(page.getByTestId('own-stored')).toHaveCount(0);
});

test('a folder of class folders, written by the test, imports like a zip', async ({ page }) => {
  await page.goto('/');
  const pngs = await drawPngs(page);
  const root = test.info().outputPath('folder');
  rmSync(root, { recursive: true, force: true });
  for (const [path, bytes] of Object.entries(pngs)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
  }
  await page.getByTestId('dataset-kind').selectOption('own');
  await page.getByTestId('own-folder').setInputFiles(join(root, 'shapes'));
  await expect(page.getByTestId('dataset-card')).toContainText('shapes: 36 images (28 × 28 × 1)');
  await expect(page.getByTestId('own-imbalance')).toHaveText('6.0');
  expect(await thumbnailInk(page)).toHaveLength(3);
});
