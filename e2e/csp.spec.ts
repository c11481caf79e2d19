import { expect, test } from '@playwright/test';
import { setNumber } from './helpers';

/**
 * The site runs under its Content-Security-Policy (build-tools/csp.ts): nothing inline, scripts
 * and workers only from the site, WebAssembly allowed. A tiny run trains, the method's formula
 * renders and a chart exports as PNG, and the browser reports no violation.
 */
test('the app runs under its Content-Security-Policy with no violation reported', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
  });
  const consoleViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) consoleViolations.push(m.text());
  });

  const response = await page.goto('/');
  const csp = (await response?.allHeaders())?.['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).toContain("worker-src 'self'");
  expect(csp).toMatch(/style-src 'self'(;|$)/);
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain("'unsafe-eval'");
  expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');

  // KaTeX's formula is laid out (its struts have heights): rendered without style attributes.
  const strut = page.locator('.formula .katex-html .strut').first();
  await expect(strut).toBeAttached();
  expect(await strut.evaluate((e) => (e as HTMLElement).style.height)).toMatch(/em$/);

  await setNumber(page, 'epochs', 2);
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const png = page.locator('[data-testid^="png-"]').first();
  const [download] = await Promise.all([page.waitForEvent('download'), png.click()]);
  expect(download.suggestedFilename()).toMatch(/\.png$/);

  // A run on the threaded wasm backend starts its pthread workers under the same policy.
  await page.getByTestId('reset').click();
  await page.getByTestId('backend').selectOption('wasm');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('backend-in-use')).toHaveAttribute('data-backend', 'wasm');

  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  expect(consoleViolations).toEqual([]);
});
