import { expect, test, type Page } from '@playwright/test';

/** Uncaught errors and console errors of a page, collected from its first script on. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    // tfjs announces every flag it takes from the address; the app takes none.
    if (m.text().includes('feature override from URL')) errors.push(`tfjs took a flag from the address: ${m.text()}`);
  });
  return errors;
}

// Percent-escapes cut short (as chat and mail clients do to long links), stray percent signs,
// tfjs' own flag parameter, and hashes that are garbage or damaged links.
const ADDRESSES = [
  '/?s=%E0%A4%A',
  '/?%',
  '/?%E0%A4%A=1&tfjsflags=%ZZ',
  '/?tfjsflags=DEBUG:true,WEBGL_PACK:false',
  '/?s=%E0%A4%A#w=%E0%A4%A',
  '/#%E0%A4%A',
  '/#w=%%%',
  '/?#',
  '/?&&=&=#&&',
];

test('no address blanks the app: malformed query strings and garbage hashes still open it', async ({ page }) => {
  for (const address of ADDRESSES) {
    const errors = watchErrors(page);
    await page.goto('about:blank');
    await page.goto(address);
    await expect(page.getByTestId('start'), address).toBeVisible();
    await expect(page.getByTestId('method'), address).toBeVisible();
    expect(errors, address).toEqual([]);
    page.removeAllListeners('pageerror');
    page.removeAllListeners('console');
  }
});

test('the benchmark page opens with a malformed query string too', async ({ page }) => {
  const errors = watchErrors(page);
  // A backend that does not exist ends the benchmark at once: only the page's start matters here.
  await page.goto('/bench.html?s=%E0%A4%A&backends=none&tfjsflags=DEBUG:true');
  await expect.poll(() => page.evaluate(() => (window as unknown as { __bench?: { done: boolean } }).__bench?.done ?? false)).toBe(true);
  // (The page has no icon: the browser's request for /favicon.ico is a 404.)
  expect(errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
});
