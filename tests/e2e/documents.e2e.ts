// kiosk-test: long
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDemoBackend, type DemoBackend } from '../../main/demo-backend/index.js';
import type { SubmissionBody } from '../../main/demo-backend/submissions-route.js';
import { openKioskPage } from './support/browser.js';
import { assertHouseholdRegisterPdf, showToDocumentCamera } from './support/document-camera.js';
import { waitForValue } from './support/kiosk-data.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { identifyWithCard, openService, typeKeys, waitForStep } from './support/kiosk-ui.js';

const TOKEN = 'e2e-documents-token';


/**
 * End to end: Chromium's fake camera plays a page lying at an angle on a desk; the household
 * register service captures three pages (the first when the page lies still, the others on a tap),
 * submits, syncs to the demo back end, and the PDF fetched back from it has the three named pages
 * and a readable QR code. A blurred and a glared clip are refused with their reasons.
 */
describe('document camera: three pages through the fake camera into the submission and back', () => {
  const received: SubmissionBody[] = [];
  let backend: DemoBackend;
  const config = { backend: { url: '', token: TOKEN }, ui: { idleTimeoutSec: 300 }, devices: { documentCamera: { width: 1600, height: 1200 } } };
  // Runs before the suite's own hook starts the kiosk, which then reads the filled-in url.
  before(async () => {
    backend = await startDemoBackend({ dataDir: join(suite.dir, 'backend'), token: TOKEN, routes: [(_r, ctx) => ctx.onSubmission((b) => received.push(b))] });
    config.backend.url = backend.url;
  });
  const suite = kioskSuite({ camera: true, config });
  after(async () => {
    await backend?.close();
  });
  const cameraFile = () => join(suite.dir, 'camera.y4m');

  it('a blurred page and a reflection are refused with their reasons', async () => {
    for (const scene of ['blurred', 'glare'] as const) {
      await showToDocumentCamera(cameraFile(), scene);
      const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url, { width: 1080, height: 1920 });
      await openService(page, 'household-materials');
      await identifyWithCard(page, 'wang');
      await waitForStep(page, 'register');
      const capture = page.getByTestId('documents-capture');
      await page.locator('[data-testid="documents-capture"]:not([disabled])').waitFor({ timeout: 20_000 });
      await capture.tap();
      const retake = page.getByTestId('documents-retake');
      await retake.waitFor({ timeout: 30_000 });
      assert.equal(await retake.getAttribute('data-reason'), scene);
      assert.match(await retake.innerText(), scene === 'blurred' ? /不清楚/ : /反光/);
      assert.equal(await page.getByTestId('capture-documents').getAttribute('data-pages'), '0');
      assert.deepEqual(errors, []);
      await page.context().close();
    }
  });

  it('three pages: captured, submitted, synced; the back end returns one PDF with the pages, their names and the QR code', async () => {
    await showToDocumentCamera(cameraFile(), 'page');
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url, { width: 1366, height: 768 });
    await openService(page, 'household-materials');
    await identifyWithCard(page, 'wang');
    await waitForStep(page, 'register');
    const step = page.getByTestId('capture-documents');
    // The page lies still: the first page is taken without a tap, with its outline drawn meanwhile.
    await page.getByTestId('documents-outline').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="capture-documents"][data-pages="1"]').waitFor({ timeout: 30_000 });
    // The same page does not count twice by itself: the next ones are taken on a tap.
    for (const n of [2, 3]) {
      await page.locator('[data-testid="documents-capture"]:not([disabled])').waitFor({ timeout: 20_000 });
      await page.getByTestId('documents-capture').tap();
      await page.locator(`[data-testid="capture-documents"][data-pages="${n}"]`).waitFor({ timeout: 30_000 });
    }
    assert.equal(await step.getAttribute('data-pages'), '3');
    for (const i of [0, 1, 2]) assert.equal(await page.getByTestId(`documents-page-${i}`).locator('img').count(), 1);
    await page.getByTestId('next').tap();
    await waitForStep(page, 'details');
    await page.getByTestId('field-phone').tap();
    await typeKeys(page, '13912345678');
    await page.getByTestId('next').tap();
    await page.getByTestId('confirm').waitFor();
    await page.getByTestId('next').tap();
    await page.getByTestId('case-number').waitFor({ timeout: 30_000 });

    const body = await waitForValue('the submission at the back end', () => received.find((b) => b.serviceId === 'household-materials'), 60_000);
    const materials = body.payload.materials as { type: string; pages: number }[];
    assert.deepEqual(materials.map((m) => [m.type, m.pages]), [['household-register', 3]]);
    await assertHouseholdRegisterPdf(backend.url, TOKEN, body.id);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
