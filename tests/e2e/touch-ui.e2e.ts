import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openKioskPage } from './support/browser.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { openService, typeKeys } from './support/kiosk-ui.js';

/** Computed font size in px, read in the page (the tests are type-checked without the DOM library). */
const fontPx = (e: unknown, closest?: string) => {
  const g = globalThis as unknown as { getComputedStyle(x: unknown): { fontSize: string } };
  const el = closest ? (e as { closest(s: string): unknown }).closest(closest) : e;
  return parseFloat(g.getComputedStyle(el).fontSize);
};

describe('touch UI: elderly mode, English, help, idle while typing', () => {
  const suite = kioskSuite({ config: { hall: { maintainerPhone: '0512-87654321' }, ui: { idleTimeoutSec: 5, idleWarningSec: 4 } } });

  it('elderly mode: one tap, body text ≥ 30 px, targets ≥ 60 × 60, fewer choices per screen, slower timeout', async () => {
    const { page } = await openKioskPage(suite.browser, suite.kiosk.url);
    await page.getByTestId('start').tap();
    await page.getByTestId('service-id-check').waitFor();
    assert.match(await page.getByTestId('home-timer').innerText(), /\d+ 秒无操作将返回首页/);
    const tilesBefore = await page.locator('[data-testid^="service-"]').count();
    const sizeBefore = await page.locator('.tile-name').first().evaluate(fontPx);
    await page.getByTestId('elderly-toggle').tap();
    assert.equal(await page.getByTestId('elderly-toggle').getAttribute('aria-pressed'), 'true');
    const sizeAfter = await page.locator('.tile-name').first().evaluate(fontPx);
    assert.ok(sizeAfter > sizeBefore, `text enlarged: ${sizeBefore} → ${sizeAfter}`);
    const body = await page.locator('h1').first().evaluate(fontPx, '.app');
    assert.ok(body >= 30, `body text ${body}px`);
    const tilesAfter = await page.locator('[data-testid^="service-"]').count();
    assert.ok(tilesAfter <= 4 && tilesAfter < tilesBefore, `fewer choices: ${tilesBefore} → ${tilesAfter}`);
    for (const b of await page.locator('button:visible').all()) {
      const box = await b.boundingBox();
      if (box) assert.ok(box.width >= 60 && box.height >= 60, `target ${await b.innerText()} is ${box.width}×${box.height}`);
    }
    // Voice prompts at the key moments (the last one is kept on <body>; speech itself cannot be heard here).
    await page.getByTestId('service-household-proof').tap();
    await page.locator('body[data-voice-prompt="请放置身份证"]').waitFor();
    await page.getByTestId('cancel').tap();
    await page.getByTestId('home').waitFor();
    await page.getByTestId('page-next').tap();
    assert.ok((await page.locator('[data-testid^="service-"]').count()) >= 1);
    // Timeouts are doubled: after 6 s (past the standard 5 s) there is still no warning.
    await page.waitForTimeout(6500);
    assert.equal(await page.getByTestId('idle-warning').count(), 0);
    await page.getByTestId('idle-warning').waitFor({ timeout: 15_000 });
    await page.getByTestId('attract').waitFor({ timeout: 15_000 });
    // The next citizen starts in standard mode.
    assert.equal(await page.locator('.app.elderly').count(), 0);
    await page.context().close();
  });

  it('the English switch turns the catalog and a flow into English', async () => {
    const { page } = await openKioskPage(suite.browser, suite.kiosk.url, { width: 1920, height: 1080 });
    await page.getByTestId('lang-switch').tap();
    await page.getByTestId('start').tap();
    await page.getByText('Social insurance payment record').waitFor();
    await page.getByTestId('service-household-proof').tap();
    await page.getByText('Place your ID card').waitFor();
    // Every step shows its timeout: the card reader's own countdown while it waits for a card.
    assert.match(await page.getByTestId('read-countdown').innerText(), /\d+ s left/);
    assert.match(await page.getByTestId('cancel').innerText(), /Cancel/);
    await page.getByTestId('cancel').tap();
    await page.getByTestId('home').waitFor();
    await page.context().close();
  });

  it('help shows the maintainer phone from the config, from any screen', async () => {
    const { page } = await openKioskPage(suite.browser, suite.kiosk.url, { width: 1280, height: 800 });
    await page.getByTestId('hall-name').getByText('24小时自助服务厅').waitFor(); // connected: the config is known
    await page.getByTestId('help-open').tap();
    assert.equal(await page.getByTestId('maintainer-phone').innerText(), '0512-87654321');
    await page.getByTestId('help-close').tap();
    await page.context().close();
  });

  it('typing keeps the session alive; idle then warns with a countdown and wipes', async () => {
    const { page } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'complaint-12345');
    await page.getByTestId('field-phone').tap();
    // 8 s of typing, one key a second: longer than the 5 s idle timeout, never a warning.
    for (let i = 0; i < 8; i++) {
      await typeKeys(page, '1');
      await page.waitForTimeout(1000);
    }
    assert.equal(await page.getByTestId('idle-warning').count(), 0);
    assert.equal(await page.getByTestId('field-phone').inputValue(), '11111111');
    // The complaint form has its own 300 s step timeout; leave to home, where the hall's 5 s applies.
    await page.getByTestId('cancel').tap();
    await page.getByTestId('idle-warning').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('idle-warning').innerText(), /\d+ 秒/);
    await page.getByTestId('attract').waitFor({ timeout: 15_000 });
    await page.context().close();
  });
});
