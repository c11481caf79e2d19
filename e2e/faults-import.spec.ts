import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { SHOTS, downloadBytes, setNumber } from './helpers';

/**
 * Import files that are not what they claim: each is refused with a message that names the file
 * and says what was wrong, and the workspace and its results stay exactly as they were.
 */
test('garbage, truncated, deeply nested and 60 MB import files are refused; nothing is lost', async ({ page }) => {
  await page.goto('/');
  await setNumber(page, 'epochs', 2);
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const before = await page.getByTestId('progress-text').textContent();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-workspace').click()]);
  const good = (await downloadBytes(download)).toString('utf8');

  const depth = 100_000;
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
  mkdirSync('test-results', { recursive: true });
  const huge = 'test-results/huge-import.json';
  writeFileSync(huge, Buffer.alloc(60 * 1024 * 1024, 0x20));

  const files: [string, { name: string; mimeType: string; buffer: Buffer } | string, RegExp][] = [
    ['garbage', { name: 'garbage.json', mimeType: 'application/json', buffer: bytes }, /is not valid JSON/],
    ['truncated', { name: 'truncated.json', mimeType: 'application/json', buffer: Buffer.from(good.slice(0, Math.floor(good.length / 2))) }, /is not valid JSON/],
    ['nested array', { name: 'nested.json', mimeType: 'application/json', buffer: Buffer.from('['.repeat(depth) + ']'.repeat(depth)) }, /lacks kind/],
    [
      'nested workspace',
      {
        name: 'nested-workspace.json',
        mimeType: 'application/json',
        buffer: Buffer.from(`{"kind":"long-tail-lab-workspace","format":1,"workspace":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)},"results":${'['.repeat(depth)}${']'.repeat(depth)}}`),
      },
      /workspace is not valid/,
    ],
    ['60 MB', huge, /too large to be a workspace file \(63 MB\)/],
  ];
  for (const [what, file, message] of files) {
    await page.getByTestId('import-file').setInputFiles(file);
    const notice = page.getByTestId('notice-import');
    await expect(notice, what).toHaveAttribute('data-tone', 'error');
    await expect(notice, what).toContainText(message);
    if (what !== '60 MB') await expect(notice, what).toContainText('Nothing was changed.');
    // The page is alive and its run and results are untouched.
    await expect(page.getByTestId('run-status'), what).toHaveAttribute('data-status', 'done');
    expect(await page.getByTestId('progress-text').textContent(), what).toBe(before);
    // Dismissed, so that the next file's message is its own.
    await notice.getByLabel('Dismiss this message').click();
    await expect(notice).toHaveCount(0);
  }
  await page.screenshot({ path: `${SHOTS}/import-refused.png` });

  // The good file still imports.
  await page.getByTestId('import-file').setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(good) });
  await expect(page.getByTestId('notice-import')).toContainText('Imported “good.json”: 1 runs, 1 with results.');
});
