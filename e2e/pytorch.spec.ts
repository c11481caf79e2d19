import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { runPython, torchProblem } from '../src/app/export/pytorch/pythonRunner';
import { downloadBytes, leaderboard, setNumber, waitAllDone } from './helpers';

const problem = torchProblem();

test('Export → PyTorch: a run exported from the app trains with train.py, and its results import back next to it', async ({ page }) => {
  expect(problem, problem ?? '').toBeNull();
  await page.goto('/');
  await setNumber(page, 'epochs', 8);
  await page.getByTestId('start').click();
  await expect(page.locator('[data-testid="run-row"][data-status="done"]')).toHaveCount(1, { timeout: 180_000 });

  const pending = page.waitForEvent('download');
  await page.getByTestId('run-export-pytorch').first().click();
  const zip = await pending;
  expect(zip.suggestedFilename()).toMatch(/^run-1-.*-pytorch\.zip$/);
  const dir = test.info().outputPath('project');
  for (const [path, bytes] of Object.entries(unzipSync(new Uint8Array(await downloadBytes(zip))))) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('python3 train.py');

  runPython([join(dir, 'train.py'), '--device', 'cpu'], { cwd: dir, env: { OMP_NUM_THREADS: '1' } });
  await page.getByTestId('import-file').setInputFiles(join(dir, 'results.json'));
  await expect(page.getByTestId('notice-import')).toContainText('PyTorch run');
  await waitAllDone(page, 2);
  const rows = await leaderboard(page);
  const torchRow = rows.find((r) => r.includes('backend=PyTorch'));
  const browserRow = rows.find((r) => !r.includes('backend=PyTorch'));
  expect(torchRow).toContain('PyTorch');
  const overall = (row: string | undefined) => Number(/overall=([\d.]+)/.exec(row ?? '')?.[1] ?? NaN);
  console.log(`browser ${browserRow}\nPyTorch ${torchRow}`);
  expect(Math.abs(overall(torchRow) - overall(browserRow))).toBeLessThanOrEqual(0.01);
});
