// The verify-face step without a camera: Chromium runs WITHOUT fake media
// devices, so the page finds no camera and says so to the host (face.begin camera: false). A
// required check makes the service unavailable here with the way to a staffed window; an optional
// one is skipped (the host records the skip) and the flow goes on.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser.js';
import { fakeCameraArgs, showToCamera } from './support/fake-camera.js';
import { makeTempDir, removeDir, startKiosk, type KioskProcess } from './support/kiosk-process.js';
import { identifyWithCard, openService, waitForStep } from './support/kiosk-ui.js';
import { layoutProblems, type Mode } from './support/layout.js';
import { openAt } from './support/screen-walk.js';

const SERVICES = join(process.cwd(), 'tests/e2e/fixtures/face-services');

type Case = readonly [{ width: number; height: number }, Mode, 'zh-CN' | 'en'];

/**
 * A required check this kiosk cannot do: at each size, mode and language, open the service and
 * identify; `explain` checks why the face step says so; then the way on is the same for every
 * reason: a number for the staffed window, and leaving goes home.
 */
async function requiredCheckUnavailable(browser: Browser, url: string, cases: readonly Case[], waitMs: number, explain: (page: Page, locale: Case[2], text: string) => Promise<void>): Promise<void> {
  for (const [size, mode, locale] of cases) {
    const { context, page } = await openAt(browser, url, size, mode, locale);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await openService(page, 'face-required');
      await identifyWithCard(page, 'wang');
      await waitForStep(page, 'face');
      await page.getByTestId('face-unavailable').waitFor({ timeout: waitMs });
      const text = await page.getByTestId('face-unavailable').innerText();
      await explain(page, locale, text);
      assert.match(text, locale === 'en' ? /staffed window/ : /人工窗口/);
      assert.deepEqual(await layoutProblems(page, mode), []);
      // The way on: a number for the staffed window.
      await page.getByTestId('face-ticket').tap();
      await page.getByTestId('face-ticket-issued').waitFor({ timeout: 15_000 });
      assert.match(await page.getByTestId('ticket-number').innerText(), /\S/);
      assert.deepEqual(await layoutProblems(page, mode), []);
      // A ticket was issued: the bar says "leave", and leaving goes home.
      await page.getByTestId('cancel').tap();
      await page.getByTestId('home').or(page.getByTestId('attract')).first().waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
}

describe('verify-face without a camera: the step policy decides', () => {
  const dir = makeTempDir('kiosk-face-ui-');
  let kiosk: KioskProcess;
  let browser: Browser;
  before(async () => {
    kiosk = await startKiosk({ dir, config: { ui: { idleTimeoutSec: 300 }, identity: { face: { requiredCheck: 'enforce' } } }, env: { KIOSK_SERVICES_DIR: SERVICES } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await kiosk?.stop();
    removeDir(dir);
  });

  it('required: the service cannot be done here, in plain words; a queue ticket for the staffed window; home', async () => {
    const cases: Case[] = [
      [{ width: 1080, height: 1920 }, 'standard', 'zh-CN'],
      [{ width: 1280, height: 800 }, 'elderly', 'en'],
    ];
    await requiredCheckUnavailable(browser, kiosk.url, cases, 15_000, async (page, locale, text) => {
      const step = page.getByTestId('verify-face');
      assert.equal(await step.getAttribute('data-policy'), 'required');
      // The host's answer to face.begin({camera: false}).
      assert.equal(await step.getAttribute('data-reason'), 'no-camera');
      assert.match(text, locale === 'en' ? /no working camera/ : /没有可用的摄像头/);
      assert.equal(await page.getByTestId('face-video').count(), 0, 'no camera view');
    });
  });

  it('optional: skipped (recorded by the host) and the flow goes on', async () => {
    const { context, page } = await openAt(browser, kiosk.url, { width: 1366, height: 768 }, 'standard', 'zh-CN');
    try {
      await openService(page, 'face-optional');
      await identifyWithCard(page, 'wang');
      await waitForStep(page, 'done', 15_000);
      assert.equal(await page.getByTestId('verify-face').count(), 0);
    } finally {
      await context.close();
    }
  });
});

// The hall's default policy (identity.face.requiredCheck: auto) with the built-in match, which is not
// measured good enough on real faces to turn people away: with a working camera, a required check
// sends the citizen to a staffed window at once and says why, instead of tries that would reject
// honest people.
describe('verify-face with a camera, under the default policy: the built-in match does not turn people away', () => {
  const dir = makeTempDir('kiosk-face-policy-');
  const camera = join(dir, 'camera.y4m');
  let kiosk: KioskProcess;
  let browser: Browser;
  before(async () => {
    kiosk = await startKiosk({ dir, config: { ui: { idleTimeoutSec: 300 } }, env: { KIOSK_SERVICES_DIR: SERVICES } });
    showToCamera(camera, { kind: 'live', card: 'wang' });
    browser = await launchBrowser(fakeCameraArgs(camera));
  });
  after(async () => {
    await browser?.close();
    await kiosk?.stop();
    removeDir(dir);
  });

  it('required: the staffed window at once, with the plain reason; a queue ticket for it', async () => {
    const cases: Case[] = [
      [{ width: 1366, height: 768 }, 'elderly', 'zh-CN'],
      [{ width: 1920, height: 1080 }, 'standard', 'en'],
    ];
    await requiredCheckUnavailable(browser, kiosk.url, cases, 30_000, async (page, locale, text) => {
      assert.equal(await page.getByTestId('verify-face').getAttribute('data-reason'), 'engine-not-verified');
      assert.match(text, locale === 'en' ? /not yet accurate enough/ : /还不够准确/);
    });
  });
});
