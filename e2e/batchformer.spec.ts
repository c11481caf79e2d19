// lz-string is CommonJS: Node's ESM loader (Playwright's) offers it as a default export only.
import LZString from 'lz-string';
import { expect, test, type Page } from '@playwright/test';
import { SHOTS, setNumber } from './helpers';

/** BatchFormer trained in the browser on the default 2-D data, with its attention view. */
async function trainBatchFormer(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByTestId('method').selectOption('batchformer');
  // The base loss is a choice, shown as a select; balanced softmax is the paper's.
  await expect(page.getByTestId('param-baseLoss')).toHaveValue('1');
  await expect(page.getByTestId('param-baseLoss').locator('option')).toHaveText(['Cross-entropy', 'Balanced softmax']);
  await setNumber(page, 'epochs', 6);
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
}

test('BatchFormer trains and shows which classes borrow from which; the link carries its base loss', async ({ page }) => {
  await trainBatchFormer(page);
  const card = page.getByTestId('chart-batch-attention');
  await expect(card).toBeVisible();
  await expect(card).toContainText('over epoch 6');
  const classes = Number(await page.getByTestId('classes').inputValue());
  await expect(card.locator('svg rect')).toHaveCount(classes * classes);
  await expect(page.getByTestId('attention-tail-share')).toContainText(/Few-class samples gave \d+% of their attention to Many-class samples/);
  await card.screenshot({ path: `${SHOTS}/batchformer-attention-1440.png` });
  await page.getByTestId('attention-mode-lift').click();
  await expect(page.getByTestId('attention-mode-lift')).toHaveAttribute('aria-pressed', 'true');
  await expect(card.locator('figcaption')).toContainText('against uniform attention');
  await card.screenshot({ path: `${SHOTS}/batchformer-attention-lift-1440.png` });
  const download = page.waitForEvent('download');
  await page.getByTestId('csv-batch-attention').click();
  expect((await download).suggestedFilename()).toMatch(/batchformer-attention-epoch-6\.csv$/);
  const png = page.waitForEvent('download');
  await page.getByTestId('png-batchformer-attention').click();
  expect((await png).suggestedFilename()).toBe('long-tail-lab-batchformer-attention.png');

  // The address bar carries the method and its choice; a reload reads them back.
  await page.getByTestId('param-baseLoss').selectOption('0');
  await page.locator('.run-editor').first().screenshot({ path: `${SHOTS}/batchformer-run-editor.png` });
  await expect(page).toHaveURL(/#w=/);
  await page.reload();
  await expect(page.getByTestId('method')).toHaveValue('batchformer');
  await expect(page.getByTestId('param-baseLoss')).toHaveValue('0');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true });

  test('the attention map fits a 360 px screen', async ({ page, browser }) => {
    // Settings fold away on a phone: the run comes from a link, as a teacher would send it,
    // opened in a fresh browser (one with a saved workspace of its own would offer it back).
    const scratch = await browser.newPage();
    await scratch.goto('/');
    await expect(scratch).toHaveURL(/#w=/);
    const state = JSON.parse(LZString.decompressFromEncodedURIComponent(new URL(scratch.url()).hash.slice(3)) ?? 'null') as { shared: Record<string, unknown> };
    await scratch.close();
    const edited = { ...state, shared: { ...state.shared, epochs: 6 }, runs: [{ method: { id: 'batchformer', params: { baseLoss: 1 } } }] };
    await page.goto(`/#w=${LZString.compressToEncodedURIComponent(JSON.stringify(edited))}`);
    await page.getByTestId('start').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
    const card = page.getByTestId('chart-batch-attention');
    await expect(card).toBeVisible();
    const box = await card.boundingBox();
    expect(box?.width ?? Infinity).toBeLessThanOrEqual(360);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: `${SHOTS}/batchformer-attention-360.png` });
  });
});
