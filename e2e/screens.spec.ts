// lz-string is CommonJS: Node's ESM loader (Playwright's) offers it as a default export only.
import LZString from 'lz-string';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { SHOTS } from './helpers';

/**
 * Teaching on any screen: a lesson link on a phone (360 × 740) and on a projector (1920 × 1080,
 * presentation mode from the link), the lesson's steps advancing with the training, the
 * keyboard shortcuts, and axe-core in each layout. Workloads are tiny: one small MLP run.
 */

const link = (state: unknown) => `/#w=${LZString.compressToEncodedURIComponent(JSON.stringify(state))}`;

/** The first lesson's workspace, made tiny (4 short epochs); `present` opens it in presentation mode. */
function lessonLink(present: boolean): string {
  return link({
    v: 1,
    shared: { epochs: 4, batchSize: 32, dataset: { nMax: 100, testPerClass: 20 } },
    runs: [{ method: { id: 'ce', params: {} } }],
    view: 'run',
    selected: 0,
    lesson: 'ce-fails-tail',
    ...(present ? { present: true } : {}),
  });
}

/** Nothing wider than the screen: the page never scrolls sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement?.scrollWidth ?? 0, innerWidth: window.innerWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** axe-core's serious and critical findings (WCAG 2.x A and AA rules), as "rule: target" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

/** The workspace in the address bar, as data. */
async function linkState(page: Page): Promise<Record<string, unknown>> {
  const payload = new URL(page.url()).hash.slice('#w='.length);
  return JSON.parse(LZString.decompressFromEncodedURIComponent(payload) ?? 'null') as Record<string, unknown>;
}

const reached = (page: Page) => page.getByTestId('lesson-steps').getAttribute('data-reached').then(Number);

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true });

  test('a lesson link puts the controls, lesson and charts first, settings behind one button, nothing wider than the screen', async ({ page }) => {
    await page.goto(lessonLink(false));
    const toggle = page.getByTestId('settings-toggle');
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByTestId('settings')).toBeHidden();
    // Start and the lesson are on the first screen, before any setting.
    const start = await page.getByTestId('start').boundingBox();
    expect(start && start.y + start.height).toBeLessThan(740);
    await expect(page.getByTestId('lesson-banner')).toBeVisible();

    await page.getByTestId('start').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    await expect(page.getByTestId('chart-confusion')).toBeVisible();
    await expectNoSidewaysScroll(page);
    // Every chart fits the width of the screen.
    for (const box of await page.locator('[data-testid^="chart-"] svg, [data-testid^="chart-"] canvas').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))) {
      expect(box).toBeLessThanOrEqual(360);
    }
    // Touch targets of a usable size.
    for (const testId of ['start', 'pause', 'step', 'reset', 'settings-toggle', 'present-toggle', 'view-compare']) {
      expect((await page.getByTestId(testId).boundingBox())?.height ?? 0, testId).toBeGreaterThanOrEqual(44);
    }
    await page.screenshot({ path: `${SHOTS}/phone-360-lesson.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await toggle.click();
    await expect(page.getByTestId('settings')).toBeVisible();
    await expect(page.getByTestId('epochs')).toBeVisible();
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: `${SHOTS}/phone-360-settings.png` });
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('a link opened over a kept workspace offers it back in a notice that fits the screen', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('settings-toggle').click();
    await page.getByTestId('epochs').fill('7');
    // The workspace is kept (debounced); then a link replaces it and the notice offers it back.
    await expect.poll(() => page.evaluate(() => location.hash.length)).toBeGreaterThan(4);
    await page.waitForTimeout(1500);
    await page.goto(lessonLink(false));
    await page.reload();
    const notice = page.getByTestId('notice-link');
    await expect(notice.getByRole('button', { name: 'Reopen my previous workspace' })).toBeVisible();
    await expectNoSidewaysScroll(page);
    const right = await notice.evaluate((el) => el.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(360);
    // The text keeps a readable width: the action goes under it, not beside it.
    expect(await notice.locator('.notice-body').evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(250);
    await page.screenshot({ path: `${SHOTS}/phone-360-link-notice.png` });
  });
});

test.describe('on a projector', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('a lesson opens in presentation mode from its link, its steps advance with the training, and it runs from the keyboard', async ({ page }) => {
    await page.goto(lessonLink(true));
    await expect(page.getByTestId('app')).toHaveAttribute('data-present', 'true');
    expect((await linkState(page)).present).toBe(true);
    await expect(page.getByTestId('settings')).toBeHidden();
    await expect(page.getByRole('toolbar', { name: 'Share and save' })).toBeHidden();
    await expect(page.getByTestId('start')).toBeInViewport();
    await expect(page.getByTestId('lesson-banner')).toBeInViewport();
    expect(await reached(page)).toBe(0);
    const total = Number(/(\d+) steps appear/.exec((await page.getByTestId('lesson-steps').textContent()) ?? '')?.[1]);
    expect(total).toBeGreaterThanOrEqual(3);

    // Record every step count the banner shows, to see the steps come in turn.
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid="lesson-steps"]');
      const seen: number[] = [];
      (window as unknown as { __steps: number[] }).__steps = seen;
      new MutationObserver(() => seen.push(Number(el?.getAttribute('data-reached')))).observe(el as Node, { attributes: true, attributeFilter: ['data-reached'] });
    });
    await page.keyboard.press('Space');
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', /warming-up|running|done/);
    await expect(page.getByTestId('lesson-steps')).toHaveAttribute('data-reached', String(total), { timeout: 120_000 });
    const seen = await page.evaluate(() => (window as unknown as { __steps: number[] }).__steps);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen).toContain(1);
    expect(seen).toContain(2);
    await expect(page.getByTestId('lesson-step')).toHaveCount(total);
    await expect(page.getByTestId('lesson-step').last()).toHaveAttribute('aria-current', 'step');
    // The last step speaks of the confusion matrix: that card is the one highlighted.
    await expect(page.locator('[data-lesson-focus="true"]')).toHaveAttribute('data-testid', 'chart-confusion');
    await expect(page.getByTestId('start')).toBeInViewport();
    await expectNoSidewaysScroll(page);
    // Charts are enlarged with CSS zoom; hovering still names the group under the pointer.
    const splits = page.getByTestId('chart-splits').locator('svg').first();
    await splits.scrollIntoViewIfNeeded();
    const box = await splits.boundingBox();
    if (!box) throw new Error('no split chart');
    await page.mouse.move(box.x + box.width * 0.85, box.y + box.height * 0.5);
    await expect(page.getByTestId('chart-tooltip')).toContainText('Few');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${SHOTS}/projector-1920-presenting.png` });
    expect(await seriousViolations(page)).toEqual([]);

    // The help overlay lists the shortcuts; Esc closes it.
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcuts-help');
    await expect(help).toBeVisible();
    await expect(help).toContainText('Start, pause or resume training');
    await page.screenshot({ path: `${SHOTS}/projector-1920-help.png` });
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();

    // Views, reset, step and presentation mode from the keyboard.
    await page.keyboard.press('2');
    await expect(page.getByTestId('view-compare')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('1');
    await expect(page.getByTestId('view-run')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('r');
    await expect(page.getByTestId('lesson-steps')).toHaveAttribute('data-reached', '0');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused', { timeout: 60_000 });
    await expect(page.getByTestId('lesson-steps')).toHaveAttribute('data-reached', '1');
    await page.keyboard.press('Space');
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', /running|done/);
    await page.keyboard.press('Space');
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', /paused|done/);
    await page.keyboard.press('p');
    await expect(page.getByTestId('app')).toHaveAttribute('data-present', 'false');
    // Presentation mode is part of the link: gone from it now.
    await expect.poll(() => linkState(page).then((s) => s.present)).toBeUndefined();

    // None fires while typing in a field (Stop keeps the results and unlocks the settings).
    // (A paused run stays paused; a tiny run may have finished already.)
    if ((await page.getByTestId('run-status').getAttribute('data-status')) === 'paused') await page.getByTestId('stop-all').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', /stopped|done/);
    await page.getByTestId('epochs').focus();
    for (const key of ['2', 'r', 'p', '?', ' ']) await page.keyboard.press(key);
    await expect(page.getByTestId('view-run')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('app')).toHaveAttribute('data-present', 'false');
    await expect(help).toBeHidden();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', /stopped|done/);
    await page.screenshot({ path: `${SHOTS}/projector-1920-normal.png` });
    expect(await seriousViolations(page)).toEqual([]);

    // Present clicked with the mouse keeps focus; Space then starts training instead of leaving.
    await page.getByTestId('present-toggle').click();
    await expect(page.getByTestId('app')).toHaveAttribute('data-present', 'true');
    await page.keyboard.press('Space');
    // (Starting up, the backend choice included, takes seconds: long enough to be seen.)
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', /queued|starting|warming-up|running/);
    await expect(page.getByTestId('app')).toHaveAttribute('data-present', 'true');
  });
});
