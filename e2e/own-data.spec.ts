import { closeSync, ftruncateSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { runPython } from '../src/app/export/pytorch/pythonRunner';
import { SHOTS, downloadBytes, leaderboard, setNumber, waitAllDone } from './helpers';

/** A long-tailed CSV of 3 classes in 4 features (300 / 60 / 12 rows), from a fixed LCG; `spread` sets how much the classes overlap. */
function longTailedCsv(spread = 0.7): string {
  let s = 12345;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const centres = [
    [2, 0, 0, 1],
    [-2, 2, 0, -1],
    [0, -2, 2, 0],
  ];
  const lines = ['f1,f2,f3,f4,label'];
  [300, 60, 12].forEach((n, c) => {
    for (let i = 0; i < n; i++) lines.push([...(centres[c] ?? []).map((m) => (m + spread * rand()).toFixed(3)), ['head', 'middle', 'tail'][c]].join(','));
  });
  return lines.join('\n') + '\n';
}

const upload = (page: Page, name: string, text: string) => page.getByTestId('own-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

test('a long-tailed CSV imports into this browser, shows its card, trains, and is still there after a reload', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('dataset-kind').selectOption('own');
  await upload(page, 'long-tailed.csv', longTailedCsv());
  await expect(page.getByTestId('own-label')).toHaveValue('4');
  await page.getByTestId('own-import').click();
  const card = page.getByTestId('dataset-card');
  await expect(card).toBeVisible();
  await expect(page.getByTestId('own-imbalance')).toHaveText('25.0');
  await expect(card).toContainText('principal components');
  await expect(page.getByTestId('own-stored')).toContainText('in this browser');
  mkdirSync(SHOTS, { recursive: true });
  await page.getByTestId('own-data').screenshot({ path: `${SHOTS}/own-data-card.png` });
  // On a phone (settings behind one button) the card fits the screen.
  await page.setViewportSize({ width: 360, height: 800 });
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('dataset-card').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/own-data-card-360.png` });
  const box = await page.getByTestId('dataset-card').boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? Infinity)).toBeLessThanOrEqual(360);
  await page.setViewportSize({ width: 1440, height: 1000 });

  await setNumber(page, 'epochs', 15);
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  // Per-class accuracy: one bar per class of the file, and a separable set is learnt.
  await expect(page.getByTestId('chart-frequency').locator('.chart-bar')).toHaveCount(3);
  expect(parseFloat((await page.getByTestId('accuracy').textContent()) ?? '0')).toBeGreaterThan(60);
  await expect(page.getByTestId('chart-boundary')).toBeVisible();

  // The link says the data is not in it.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('own-link-note')).toContainText('not in the link');
  // Whoever opens the link (a fresh browser profile) is asked for the file; the hash checks it.
  const link = await page.getByTestId('link-text').inputValue();
  const other = await (await page.context().browser()?.newContext())?.newPage();
  if (!other) throw new Error('no second browser context');
  await other.goto(link);
  await expect(other.getByTestId('own-missing')).toContainText('not in the link');
  await upload(other, 'long-tailed.csv', longTailedCsv().replace('head', 'tail'));
  await expect(other.getByTestId('own-error')).toContainText('is not the data this workspace was made with');
  await upload(other, 'long-tailed.csv', longTailedCsv());
  await other.getByTestId('own-import').click();
  await expect(other.getByTestId('own-imbalance')).toHaveText('25.0');
  await expect(other.getByTestId('own-missing')).toHaveCount(0);
  await other.context().close();

  await page.reload();
  await expect(page.getByTestId('dataset-card')).toBeVisible();
  await expect(page.getByTestId('own-imbalance')).toHaveText('25.0');
});

/** Classes that overlap, so that the methods differ on the tail. */
const OVERLAP = 2.5;

test('three methods trained on an own CSV compare side by side; after a reload the data, the runs and the settings are all still there', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('dataset-kind').selectOption('own');
  await upload(page, 'long-tailed.csv', longTailedCsv(OVERLAP));
  await page.getByTestId('own-import').click();
  // A row of each class, with the values as they are in the file (not standardised).
  const sampleRows = page.getByTestId('own-sample-rows');
  await expect(sampleRows.getByTestId('own-sample')).toHaveCount(3);
  await expect(sampleRows).toContainText('as in the file');
  const first = longTailedCsv(OVERLAP).split('\n')[1]?.split(',') ?? [];
  await expect(sampleRows.getByTestId('own-sample').first()).toHaveText([first[4], ...first.slice(0, 3).map((v) => String(Number(v))), '…'].join(''));

  await page.getByTestId('own-test').selectOption('natural');
  await setNumber(page, 'own-test-fraction', 0.3);
  await setNumber(page, 'epochs', 10);
  await page.getByTestId('add-run').selectOption('balanced-softmax');
  await page.getByTestId('add-run').selectOption('logit-adjustment');
  await expect(page.getByTestId('run-row')).toHaveCount(3);
  await page.getByTestId('start').click();
  await waitAllDone(page, 3);
  const before = await leaderboard(page);
  expect(before).toHaveLength(3);
  expect(before.join('\n')).toContain('Balanced softmax');
  // The comparison overlays the three runs over the file's three classes.
  await expect(page.getByTestId('compare-frequency').locator('.chart-line')).toHaveCount(3);
  await expect(page.getByTestId('compare-splits').locator('.chart-bar')).toHaveCount(9);
  await expect(page.getByTestId('compare-ece').locator('.chart-bar')).toHaveCount(3);
  // A natural test split of 30 % holds 90 / 18 / 4 rows: the card says so.
  await expect(page.getByTestId('dataset-card').locator('tbody tr').first()).toContainText('head30021090');

  // Export → PyTorch of the balanced-softmax run carries the data (and says so); train.py trains on it, and its results join the comparison.
  const pending = page.waitForEvent('download');
  await page.getByTestId('run-export-pytorch').nth(1).click();
  const files = unzipSync(new Uint8Array(await downloadBytes(await pending)));
  await expect(page.getByTestId('notice-share')).toContainText('The zip holds your data (“long-tailed.csv”');
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['train.py', 'data.json', 'train-features.f32', 'test-features.f32']));
  const dir = test.info().outputPath('own-project');
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  runPython([join(dir, 'train.py'), '--device', 'cpu'], { cwd: dir, env: { OMP_NUM_THREADS: '1' } });
  await page.getByTestId('import-file').setInputFiles(join(dir, 'results.json'));
  await expect(page.getByTestId('notice-import')).toContainText('PyTorch run');
  await waitAllDone(page, 4);
  const rows = await leaderboard(page);
  const overall = (row: string | undefined) => Number(/overall=([\d.]+)/.exec(row ?? '')?.[1] ?? NaN);
  const torchRow = rows.find((r) => r.includes('backend=PyTorch'));
  const browserRow = rows.find((r) => r.includes('Balanced softmax') && !r.includes('backend=PyTorch'));
  console.log(`own CSV, balanced softmax: browser ${browserRow}\nPyTorch ${torchRow}`);
  expect(Math.abs(overall(torchRow) - overall(browserRow))).toBeLessThanOrEqual(0.02);
  // The file's classes separate well, so accuracy alone says little: the calibration error agrees too.
  const ece = (row: string | undefined) => Number(/ece=([\d.e-]+)/.exec(row ?? '')?.[1] ?? NaN);
  expect(Math.abs(ece(torchRow) - ece(browserRow))).toBeLessThanOrEqual(0.005);
  await page.screenshot({ path: `${SHOTS}/own-data-compare.png`, fullPage: true });
  await page.waitForTimeout(800); // the last writes are asynchronous

  await page.reload();
  await expect(page.getByTestId('own-imbalance')).toHaveText('25.0');
  await expect(page.getByTestId('own-sample-rows').getByTestId('own-sample')).toHaveCount(3);
  await expect(page.getByTestId('own-test')).toHaveValue('natural');
  await expect(page.getByTestId('own-test-fraction')).toHaveValue('0.3');
  await expect(page.getByTestId('epochs')).toHaveValue('10');
  // The three browser runs and the imported PyTorch run, all finished.
  await expect(page.getByTestId('run-row')).toHaveCount(4);
  await expect(page.locator('[data-testid="run-row"][data-status="done"]')).toHaveCount(4);
  await expect(page.getByTestId('leaderboard-row')).toHaveCount(4);
  expect(await leaderboard(page)).toEqual(rows);
  await expect(page.getByTestId('compare-frequency').locator('.chart-line')).toHaveCount(4);
  await expect(page.getByTestId('dataset-card').locator('tbody tr').first()).toContainText('head30021090');
});

test('bad files are refused with a message naming what is wrong, and nothing is imported', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('dataset-kind').selectOption('own');
  const error = page.getByTestId('own-error');
  const tryImport = async (name: string, text: string) => {
    await upload(page, name, text);
    await expect(page.getByTestId('own-label').or(error)).toBeVisible();
    if (await page.getByTestId('own-label').isVisible()) await page.getByTestId('own-import').click();
  };
  // No label column: every column holds measurements, so the one guessed holds as many values as rows.
  await tryImport('no-label.csv', ['a,b,c', ...Array.from({ length: 120 }, (_, i) => `${i},${i * 2},${(i * 0.37).toFixed(2)}`)].join('\n'));
  await expect(error).toContainText('Column "c" has more than 100 different values: is it really the label column?');
  await tryImport('one-column.csv', 'label\ncat\ndog\n');
  await expect(error).toContainText('one column: it needs at least one feature column and a label column');
  // A non-numeric cell in a feature column is named by its row and column.
  await tryImport('typo.csv', 'a,b,label\n1,2,cat\n3,4,dog\n5,4..5,dog\n');
  await expect(error).toContainText('Row 4, column "b": "4..5" is not a number');
  await tryImport('words.csv', 'a,b,label\nx,y,cat\nz,w,dog\n');
  await expect(error).toContainText('no numeric feature column: row 2 holds "x", "y"');
  await tryImport('one-class.csv', 'a,b,label\n1,2,cat\n3,4,cat\n');
  await expect(error).toContainText('one class only');
  await tryImport('ragged.csv', 'a,b,label\n1,2,cat\n3,dog\n');
  await expect(error).toContainText('Row 3 has 2 cells');
  const big = 'test-results/own-big.csv';
  // A sparse file: its size is all the check reads, so nothing is written to disk.
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 60 * 2 ** 20);
  closeSync(fd);
  await page.getByTestId('own-file').setInputFiles(big);
  await expect(error).toContainText('60.0 MB');
  await expect(page.getByTestId('dataset-card')).toHaveCount(0);
  await expect(page.getByTestId('own-stored')).toHaveCount(0);
});
