// kiosk-test: long
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeSerious, describeViolations } from './support/axe.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { drawOnPad, identifyWithCard, NAME_STROKES, openService, passFaceCheck, typeKeys, withDevPanel } from './support/kiosk-ui.js';

/**
 * A touch page at 1080×1920 whose context bypasses the page's CSP (script-src 'self'), so axe-core
 * can be injected; closed even when the test fails, so no flow is left holding a device.
 */
async function withPage(browser: Browser, url: string, fn: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'zh-CN', bypassCSP: true, reducedMotion: 'reduce' });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await fn(page);
  } finally {
    await context.close();
  }
}

async function check(page: Page, where: string): Promise<void> {
  const v = await axeSerious(page);
  assert.deepEqual(v, [], describeViolations(where, v));
}

describe('accessibility: axe finds no serious or critical violations on any screen', () => {
  const suite = kioskSuite({ camera: true, config: { ui: { idleTimeoutSec: 8, idleWarningSec: 30 }, identity: { face: { requiredCheck: 'enforce' } } } });

  for (const locale of ['zh-CN', 'en'] as const) {
    it(`attract, home, help, idle warning, elderly mode (${locale})`, async () => {
      await withPage(suite.browser, suite.kiosk.url, async (page) => {
      await page.getByTestId('attract').waitFor();
      if (locale === 'en') await page.getByTestId('lang-switch').tap();
      await check(page, 'attract');
      await page.getByTestId('start').tap();
      await page.getByTestId('service-id-check').waitFor();
      await check(page, 'home');
      await page.getByTestId('search').tap();
      await page.getByTestId('keyboard').waitFor();
      await check(page, 'home with keyboard');
      await page.getByTestId('keyboard-hide').tap();
      await page.getByTestId('help-open').tap();
      await page.getByTestId('help').waitFor();
      await check(page, 'help');
      await page.getByTestId('help-close').tap();
      await page.getByTestId('elderly-toggle').tap();
      await check(page, 'home in elderly mode');
      await page.getByTestId('idle-warning').waitFor({ timeout: 30_000 });
      await check(page, 'idle warning');
      await page.getByTestId('idle-continue').tap();
      });
    });
  }

  it('every step type of a submission flow', async () => {
    await withPage(suite.browser, suite.kiosk.url, async (page) => {
    suite.showToCamera({ kind: 'live', card: 'ouyang' });
    await openService(page, 'no-criminal-record');
    await page.getByTestId('read-countdown').waitFor();
    await check(page, 'identify (waiting)');
    await placeCardNoNext(page);
    await check(page, 'identify (identified)');
    await page.getByTestId('next').tap();
    await page.getByTestId('face-live').waitFor({ timeout: 20_000 });
    await check(page, 'verify-face (live view)');
    await passFaceCheck(page);
    await page.getByTestId('sign').waitFor();
    await check(page, 'sign');
    await page.getByTestId('next').tap();
    await page.getByTestId('sign-nudge').waitFor();
    await check(page, 'sign (empty box refused)');
    await drawOnPad(page, NAME_STROKES);
    await page.getByTestId('next').tap();
    await page.getByTestId('form').waitFor();
    await page.getByTestId('next').tap();
    await page.locator('.field-problem').first().waitFor();
    await check(page, 'form with problems and keyboard');
    await page.getByTestId('field-purpose-employment').tap();
    await page.getByTestId('field-phone').tap();
    await typeKeys(page, '13800138000');
    await page.getByTestId('next').tap();
    await page.getByTestId('confirm').waitFor();
    await check(page, 'confirm');
    await page.getByTestId('next').tap();
    await page.getByTestId('take-receipt').waitFor({ timeout: 15_000 });
    await check(page, 'receipt');
    await page.getByTestId('next').tap();
    await page.getByTestId('evaluate').waitFor();
    await page.getByTestId('rate-2').tap();
    await check(page, 'evaluate (reasons)');
    await page.getByTestId('send-rating').tap();
    await page.getByTestId('next').tap();
    await page.getByTestId('done-step').waitFor();
    await check(page, 'done');
    });
  });

  it('the policy calculator: optional identify, a question, the estimate', async () => {
    await withPage(suite.browser, suite.kiosk.url, async (page) => {
      await openService(page, 'elderly-subsidy-calculator');
      await page.getByTestId('identify-offer').waitFor();
      await check(page, 'optional identify (offer)');
      await page.getByTestId('skip-identify').tap();
      await page.getByTestId('calc-question').waitFor();
      await check(page, 'calculate (question)');
      for (const [name, value] of [['age', '90'], ['hukou', 'local'], ['alone', 'true'], ['disability', '1'], ['support', 'dibao'], ['income', '0']]) {
        await page.locator(`[data-testid="calc-question"][data-question="${name}"]`).waitFor();
        await page.getByTestId(`calc-option-${name}-${value}`).tap();
      }
      await page.getByTestId('calc-result').waitFor();
      await page.locator('.calc-answers summary').tap();
      await check(page, 'calculate (estimate)');
    });
  });

  it('lookup results and the out-of-service screen (the rest stays usable)', async () => {
    await withPage(suite.browser, suite.kiosk.url, async (page) => {
    await openService(page, 'social-insurance-records');
    await identifyWithCard(page, 'wang');
    await page.getByTestId('lookup-result').waitFor({ timeout: 15_000 });
    await check(page, 'lookup table');
    await page.getByTestId('cancel').tap();
    await page.getByTestId('home').waitFor();
    await withDevPanel(page, async (p) => {
      await p.getByTestId('sim-paper-out').tap();
    });
    // The printer reports paper-end on its next status poll; the tile then says so in words.
    await page.locator('[data-testid="service-household-proof"] .tile-paused-label').waitFor({ timeout: 20_000 });
    await page.getByTestId('service-household-proof').tap();
    await page.getByTestId('out-of-service').waitFor();
    assert.match(await page.getByTestId('unavailable').innerText(), /凭条打印机/);
    await check(page, 'out of service');
    // The rest stays usable: a service without the printer still opens.
    await page.getByTestId('back').tap();
    await page.getByTestId('service-id-check').tap();
    await page.getByTestId('identify').waitFor();
    await page.getByTestId('cancel').tap();
    await page.getByTestId('home').waitFor();
    await withDevPanel(page, async (p) => {
      await p.getByTestId('sim-paper-ok').tap();
    });
    });
  });
});

async function placeCardNoNext(page: Page): Promise<void> {
  await withDevPanel(page, async (p) => {
    await p.getByTestId('sim-card-ouyang').tap();
  });
  await page.getByTestId('identity').waitFor({ timeout: 15_000 });
}
