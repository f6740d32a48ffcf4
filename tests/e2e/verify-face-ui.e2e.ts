// The verify-face step without a camera: Chromium runs WITHOUT fake media
// devices, so the page finds no camera and says so to the host (face.begin camera: false). A
// required check makes the service unavailable here with the way to a staffed window; an optional
// one is skipped (the host records the skip) and the flow goes on.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser.js';
import { fakeCameraArgs, showToCamera } from './support/fake-camera.js';
import { makeTempDir, removeDir, startKiosk, type KioskProcess } from './support/kiosk-process.js';
import { identifyWithCard, openService, waitForStep } from './support/kiosk-ui.js';
import { layoutProblems } from './support/layout.js';
import { openAt } from './support/screen-walk.js';

const SERVICES = join(process.cwd(), 'tests/e2e/fixtures/face-services');

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
    for (const [size, mode, locale] of [
      [{ width: 1080, height: 1920 }, 'standard', 'zh-CN'],
      [{ width: 1280, height: 800 }, 'elderly', 'en'],
    ] as const) {
      const { context, page } = await openAt(browser, kiosk.url, size, mode, locale);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await openService(page, 'face-required');
        await identifyWithCard(page, 'wang');
        await waitForStep(page, 'face');
        const step = page.getByTestId('verify-face');
        await page.getByTestId('face-unavailable').waitFor({ timeout: 15_000 });
        assert.equal(await step.getAttribute('data-policy'), 'required');
        // The host's answer to face.begin({camera: false}).
        assert.equal(await step.getAttribute('data-reason'), 'no-camera');
        const text = await page.getByTestId('face-unavailable').innerText();
        assert.match(text, locale === 'en' ? /no working camera/ : /没有可用的摄像头/);
        assert.match(text, locale === 'en' ? /staffed window/ : /人工窗口/);
        assert.equal(await page.getByTestId('face-video').count(), 0, 'no camera view');
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
    for (const [size, mode, locale] of [
      [{ width: 1366, height: 768 }, 'elderly', 'zh-CN'],
      [{ width: 1920, height: 1080 }, 'standard', 'en'],
    ] as const) {
      const { context, page } = await openAt(browser, kiosk.url, size, mode, locale);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await openService(page, 'face-required');
        await identifyWithCard(page, 'wang');
        await waitForStep(page, 'face');
        const step = page.getByTestId('verify-face');
        await page.getByTestId('face-unavailable').waitFor({ timeout: 30_000 });
        assert.equal(await step.getAttribute('data-reason'), 'engine-not-verified');
        const text = await page.getByTestId('face-unavailable').innerText();
        assert.match(text, locale === 'en' ? /not yet accurate enough/ : /还不够准确/);
        assert.match(text, locale === 'en' ? /staffed window/ : /人工窗口/);
        assert.deepEqual(await layoutProblems(page, mode), []);
        await page.getByTestId('face-ticket').tap();
        await page.getByTestId('face-ticket-issued').waitFor({ timeout: 15_000 });
        assert.match(await page.getByTestId('ticket-number').innerText(), /\S/);
        await page.getByTestId('cancel').tap();
        await page.getByTestId('home').or(page.getByTestId('attract')).first().waitFor();
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    }
  });
});
