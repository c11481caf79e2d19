// lz-string is CommonJS: Node's ESM loader (Playwright's) offers it as a default export only.
import LZString from 'lz-string';
import { expect, test, type Page } from '@playwright/test';
import { SHOTS } from './helpers';

/** The app's own link for its default workspace, as data. */
async function defaultState(page: Page): Promise<Record<string, unknown>> {
  await page.goto('/');
  await expect(page).toHaveURL(/#w=/);
  const payload = new URL(page.url()).hash.slice('#w='.length);
  return JSON.parse(LZString.decompressFromEncodedURIComponent(payload) ?? 'null') as Record<string, unknown>;
}

const link = (state: unknown) => `/#w=${LZString.compressToEncodedURIComponent(JSON.stringify(state))}`;

test('bad links open the defaults with a message that says what was wrong; nothing in them runs', async ({ page }) => {
  page.on('dialog', (dialog) => {
    throw new Error(`a link opened a dialog: ${dialog.message()}`);
  });
  const state = await defaultState(page);
  const shared = state.shared as Record<string, unknown>;
  const valid = link(state);
  const cases: [string, RegExp][] = [
    ['/#w=hello world!', /characters that a Long-Tail Lab link never has/],
    [valid.slice(0, Math.floor(valid.length * 0.6)), /cut off/],
    [`/#w=${'A'.repeat(9000)}`, /too long \(9,000 characters/],
    [link({ ...state, shared: { ...shared, epochs: 1_000_000 } }), /Epochs: must be at most/],
    [link({ ...state, runs: Array.from({ length: 50 }, () => (state.runs as unknown[])[0]) }), /Runs: too many \(at most 8\)/],
    [link({ ...state, runs: [{ method: { id: '<img src=x onerror=alert(1)>', params: {} } }] }), /Run 1: method: unknown method "<img src=x onerror=alert\(1\)>"/],
    [link({ ...state, v: 99 }), /newer version of Long-Tail Lab/],
  ];
  for (const [url, message] of cases) {
    await page.goto('about:blank');
    await page.goto(url);
    const notice = page.getByTestId('notice-link');
    await expect(notice).toHaveAttribute('data-tone', 'error');
    await expect(notice).toContainText(message);
    await expect(notice).toContainText('The default settings were loaded instead.');
    await expect(page.getByTestId('run-row')).toHaveCount(1);
    await expect(page.getByTestId('method')).toHaveValue('ce');
    await expect(page.getByTestId('epochs')).toHaveValue('30');
    // Link text is shown as text: no element was made from it.
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    if (message.source.includes('unknown method')) await page.screenshot({ path: `${SHOTS}/bad-link-message.png` });
  }
});

test('a link pasted into an open tab loads its workspace without starting it', async ({ page }) => {
  const state = await defaultState(page);
  const runs = [{ method: { id: 'ce', params: {} } }, { method: { id: 'focal', params: { gamma: 2 } } }];
  await page.evaluate((hash) => (location.hash = hash), link({ ...state, runs, view: 'compare', selected: 1 }).slice(1));
  await expect(page.getByTestId('run-row')).toHaveCount(2);
  await expect(page.getByTestId('notice-link')).toContainText('Opened a shared workspace with 2 runs');
  await expect(page.getByTestId('view-compare')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('param-gamma')).toHaveValue('2');
  await expect(page.getByTestId('run-row').nth(1)).toHaveAttribute('data-status', 'none');
});
