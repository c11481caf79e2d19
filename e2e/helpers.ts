import { expect, type Download, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

/** Where screenshots are kept as test artefacts (git-ignored); specs also write files there directly. */
export const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

/** Sets a number input found by its test id, as a person would (select all, type). */
export async function setNumber(page: Page, testId: string, value: number | string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(String(value));
}

/** The step counter from the progress line ("… step 12 / 300 …"). */
export async function currentStep(page: Page): Promise<number> {
  const text = (await page.getByTestId('progress-text').textContent()) ?? '';
  const match = /step (\d+) \//.exec(text);
  return match ? Number(match[1]) : -1;
}

/**
 * Starts a probe of main-thread long tasks (PerformanceObserver 'longtask'): the page stays
 * responsive while the worker trains if none of its own tasks blocks for long. (Timer gaps would
 * also count time the whole machine spends elsewhere: on two cores, software WebGPU in the GPU
 * process can starve every thread for seconds, which says nothing about the page.)
 */
export async function startResponsivenessProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number; __observer: PerformanceObserver };
    w.__longest = 0;
    w.__observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longest = Math.max(w.__longest, entry.duration);
    });
    w.__observer.observe({ type: 'longtask' });
  });
}

/** The longest main-thread task since the probe started, in ms. */
export async function stopResponsivenessProbe(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = window as unknown as { __longest: number; __observer: PerformanceObserver };
    w.__observer.disconnect();
    return w.__longest;
  });
}

/** Many / Medium / Few accuracy in percent, read from the split chart's text alternative. */
export async function splitValues(page: Page): Promise<Record<'many' | 'medium' | 'few', number>> {
  const text = (await page.getByTestId('split-values').textContent()) ?? '';
  const values = Object.fromEntries(
    text.split(', ').map((part) => {
      const [name, value] = part.split(' ');
      return [name, parseFloat(value ?? 'NaN')];
    }),
  );
  return { many: values.many ?? NaN, medium: values.medium ?? NaN, few: values.few ?? NaN };
}

/**
 * The leaderboard's rows as text, in their order on screen: run label, then every metric's raw
 * value and the backend (training time is left out: it is a wall-clock measure).
 */
export async function leaderboard(page: Page): Promise<string[]> {
  return page.getByTestId('leaderboard-row').evaluateAll((rows) =>
    rows.map((row) => {
      const label = row.querySelector('th')?.textContent?.trim() ?? '';
      const values = ['overall', 'balanced', 'many', 'medium', 'few', 'ece', 'backend'].map(
        (c) => `${c}=${row.querySelector(`[data-column="${c}"]`)?.getAttribute('data-value') ?? '?'}`,
      );
      return [label, ...values].join(' ');
    }),
  );
}

/** Waits until the leaderboard has `runs` rows, all finished. */
export async function waitAllDone(page: Page, runs: number): Promise<void> {
  await expect(page.getByTestId('leaderboard-row')).toHaveCount(runs, { timeout: 120_000 });
  await expect(page.locator('[data-testid="leaderboard-row"][data-status="done"]')).toHaveCount(runs, { timeout: 180_000 });
}

/** The bytes of a download. */
export async function downloadBytes(download: Download): Promise<Buffer> {
  const chunks = await (await download.createReadStream()).toArray();
  return Buffer.concat(chunks as Buffer[]);
}
