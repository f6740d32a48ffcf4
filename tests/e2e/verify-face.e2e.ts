// kiosk-test: long
// 人证核验 end to end: Chromium's fake camera plays a synthetic face
// (support/fake-camera.ts) to the real renderer, which sends frames to the real host, which decodes
// the demo card's photo with the simulated WLT decoder and runs the real models. The ID-check service
// offers the check (optional); its done step follows a pass.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openKioskPage } from './support/browser.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { identifyWithCard, openService, waitForStep } from './support/kiosk-ui.js';

describe('face check with a camera', () => {
  const suite = kioskSuite({ camera: true, config: { ui: { idleTimeoutSec: 300, idleWarningSec: 30 }, identity: { face: { attemptTimeoutSec: 30, requiredCheck: 'enforce' } } } });

  /** Open the ID check with `card` on the reader, up to the face step's live view. */
  async function toFaceStep(card: string): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'id-check');
    await identifyWithCard(page, card);
    await waitForStep(page, 'face');
    return {
      page,
      errors,
      // Leave as a citizen does (cancel → home): the session ends and the host wipes the face check.
      close: async () => {
        if (await page.getByTestId('cancel').count()) await page.getByTestId('cancel').tap().catch(() => undefined);
        await page.getByTestId('home').or(page.getByTestId('attract')).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
        await page.context().close();
      },
    };
  }

  async function failure(page: Page): Promise<string | null> {
    const failed = page.getByTestId('face-failed');
    await failed.waitFor({ timeout: 60_000 });
    return failed.getAttribute('data-failure');
  }

  it('the card holder in front of the camera, turning as asked, passes and the service goes on', async () => {
    suite.showToCamera({ kind: 'live', card: 'wang' });
    const { page, errors, close } = await toFaceStep('wang');
    try {
      await page.getByTestId('face-video').waitFor({ timeout: 20_000 });
      // The citizen is asked to turn (spoken and written) before the decision.
      await page.locator('[data-testid="face-live"][data-guidance^="turn-"]').waitFor({ timeout: 30_000 });
      await waitForStep(page, 'done', 60_000);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  it('another person with the card fails as a mismatch, with a way to try again or skip', async () => {
    suite.showToCamera({ kind: 'live', card: 'lin' });
    const { page, close } = await toFaceStep('wang');
    try {
      assert.equal(await failure(page), 'mismatch');
      assert.equal(await page.getByTestId('face-retry').count(), 1);
      assert.equal(await page.getByTestId('face-skip').count(), 1, 'the ID check’s face step is optional');
    } finally {
      await close();
    }
  });

  it('a photo of the card holder held up to the camera fails liveness', async () => {
    suite.showToCamera({ kind: 'photo', card: 'wang' });
    const { page, close } = await toFaceStep('wang');
    try {
      assert.equal(await failure(page), 'liveness');
    } finally {
      await close();
    }
  });

  it('nobody in front of the camera: the try times out and says so', async () => {
    suite.showToCamera({ kind: 'empty' });
    const { page, close } = await toFaceStep('wang');
    try {
      await page.locator('[data-testid="face-live"][data-guidance="no-face"]').waitFor({ timeout: 30_000 });
      assert.equal(await failure(page), 'timeout');
    } finally {
      await close();
    }
  });
});
