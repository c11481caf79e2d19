import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { SHOTS, downloadBytes, leaderboard, setNumber, waitAllDone } from './helpers';

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const pending = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const file = await pending;
  return { name: file.suggestedFilename(), bytes: await downloadBytes(file) };
}

/** Width and height from a PNG's IHDR chunk, after checking its signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('results export as CSV and JSON, charts as PNG, and the workspace file imports back in a fresh page', async ({ page, browser }) => {
  await page.goto('/');
  await setNumber(page, 'epochs', 6);
  await page.getByTestId('add-run').selectOption('focal');
  await page.getByTestId('start').click();
  await waitAllDone(page, 2);
  const before = await leaderboard(page);

  const csv = (await download(page, 'export-csv')).bytes.toString('utf8').trimEnd().split('\r\n');
  expect(csv).toHaveLength(3);
  const header = csv[0]?.split(',') ?? [];
  expect(header).toEqual(expect.arrayContaining(['accuracy', 'many_accuracy', 'few_accuracy', 'ece', 'train_seconds', 'backend', 'accuracy_class_9']));
  expect(csv[2]).toContain(',focal,');

  const json = JSON.parse((await download(page, 'export-json')).bytes.toString('utf8'));
  expect(json.runs).toHaveLength(2);
  expect(json.runs[1].results.test.perClass).toHaveLength(10);
  expect(json.workspace.runs[1].method.id).toBe('focal');

  for (const chart of ['png-compare-per-class-accuracy', 'png-compare-many-medium-few', 'png-compare-ece', 'png-compare-curves', 'png-leaderboard']) {
    const png = await download(page, chart);
    const size = pngSize(png.bytes);
    expect(size.width).toBeGreaterThan(600);
    writeFileSync(`${SHOTS}/export-${chart}.png`, png.bytes);
  }
  await page.getByTestId('view-run').click();
  for (const chart of ['png-decision-regions', 'png-calibration']) {
    const png = await download(page, chart);
    expect(pngSize(png.bytes).height).toBeGreaterThan(300);
    writeFileSync(`${SHOTS}/export-${chart}.png`, png.bytes);
  }

  const saved = await download(page, 'export-workspace');
  expect(saved.name).toMatch(/^long-tail-lab-workspace-.*\.json$/);
  const path = test.info().outputPath('workspace.json');
  writeFileSync(path, saved.bytes);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto('/');
  await other.getByTestId('import-file').setInputFiles(path);
  await expect(other.getByTestId('notice-import')).toContainText('2 runs, 2 with results');
  await expect(other.getByTestId('run-row')).toHaveCount(2);
  await other.getByTestId('view-compare').click();
  // The view changes in a deferred render: wait for its rows before reading them.
  await expect(other.getByTestId('leaderboard-row')).toHaveCount(2);
  expect(await leaderboard(other)).toEqual(before);

  // A file that is not a workspace changes nothing and says why.
  const bogus = test.info().outputPath('bogus.json');
  writeFileSync(bogus, JSON.stringify({ hello: 'world' }));
  await other.getByTestId('import-file').setInputFiles(bogus);
  await expect(other.getByTestId('notice-import')).toContainText('was not imported');
  await expect(other.getByTestId('run-row')).toHaveCount(2);
  await fresh.close();
});
