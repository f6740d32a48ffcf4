import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startDemoBackend, type DemoBackend } from '../../main/demo-backend/index.js';
import type { SubmissionBody } from '../../main/demo-backend/submissions-route.js';
import { openKioskPage } from './support/browser.js';
import { assertHouseholdRegisterPdf, showToDocumentCamera } from './support/document-camera.js';
import { bundleStepIs as stepIs, fillMergedForm, openBundle, openNewbornWithoutVaccination } from './support/bundle-walk.js';
import { waitForValue } from './support/kiosk-data.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { identifyWithCard } from './support/kiosk-ui.js';

const TOKEN = 'e2e-bundle-camera-token';
const MEMBERS = ['birth-registration', 'newborn-medical-insurance', 'newborn-social-security-card', 'vaccination-certificate'];


/** Take `n` pages on the capture screen now shown: the first when the page lies still, the rest on a tap. */
async function takePages(page: Page, n: number): Promise<void> {
  await page.locator('[data-testid="capture-documents"][data-pages="1"]').waitFor({ timeout: 30_000 });
  for (let k = 2; k <= n; k++) {
    await page.locator('[data-testid="documents-capture"]:not([disabled])').waitFor({ timeout: 20_000 });
    await page.getByTestId('documents-capture').tap();
    await page.locator(`[data-testid="capture-documents"][data-pages="${k}"]`).waitFor({ timeout: 30_000 });
  }
  await page.getByTestId('next').tap();
}

/**
 * 新生儿出生一件事 on a kiosk with a document camera (Chromium's fake camera shows a page on a desk):
 * the marriage certificate is an e-certificate and is skipped; the birth medical certificate and the
 * household register are each photographed once, and every member that needs one carries its PDF.
 */
describe('新生儿出生一件事 with the document camera: each material photographed once, in every member that needs it', () => {
  const received: SubmissionBody[] = [];
  let backend: DemoBackend;
  const config = { backend: { url: '', token: TOKEN }, ui: { idleTimeoutSec: 300, idleWarningSec: 10 }, devices: { documentCamera: { width: 1600, height: 1200 } } };
  // Runs before the suite's own hook starts the kiosk, which then reads the filled-in url.
  before(async () => {
    backend = await startDemoBackend({ dataDir: join(suite.dir, 'backend'), token: TOKEN, routes: [(_r, ctx) => ctx.onSubmission((b) => received.push(b))] });
    config.backend.url = backend.url;
  });
  const suite = kioskSuite({ camera: true, config });
  after(async () => {
    await backend?.close();
  });

  it('two materials on the camera, the e-certificate skipped, the PDFs reach the back end in each member', async () => {
    await showToDocumentCamera(join(suite.dir, 'camera.y4m'), 'page');
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url, { width: 1366, height: 768 });
    await openBundle(page, 'newborn');
    await identifyWithCard(page, 'wang');
    await stepIs(page, 'choose');
    await page.getByTestId('next').tap();
    await stepIs(page, 'form');
    await fillMergedForm(page);
    await stepIs(page, 'materials');
    await page.getByTestId('material-list').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('material-marriage-certificate').getAttribute('data-route'), 'e-certificate');
    assert.equal(await page.getByTestId('material-birth-medical-certificate').getAttribute('data-route'), 'camera');
    assert.equal(await page.getByTestId('material-household-register').getAttribute('data-route'), 'camera');
    await page.getByTestId('next').tap();

    // One capture screen per material, in the list's order: one page, then the register's three.
    await page.getByTestId('capture-documents').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('documents-instruction').innerText(), /出生医学证明/);
    await takePages(page, 1);
    // The register's screen: its three named pages (the certificate had one).
    await page.getByTestId('documents-page-2').waitFor({ timeout: 15_000 });
    await takePages(page, 3);

    await stepIs(page, 'confirm');
    assert.match(await page.getByTestId('summary').innerText(), /户口簿：已在高拍仪拍摄/);
    await page.getByTestId('next').tap();
    await page.getByTestId('bundle-receipt').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('bring-paper').count(), 0, 'nothing left to bring');

    const bodies = await waitForValue('every member at the back end', () => {
      const got = received.filter((b) => b.bundle?.bundle === 'newborn');
      return got.length === MEMBERS.length ? got : null;
    }, 60_000);
    const typesOf = (serviceId: string) => ((bodies.find((b) => b.serviceId === serviceId)!.payload.materials ?? []) as { type: string; pages: number; sha256: string }[]);
    assert.deepEqual(typesOf('birth-registration').map((m) => [m.type, m.pages]), [['birth-medical-certificate', 1], ['household-register', 3]]);
    assert.deepEqual(typesOf('newborn-medical-insurance').map((m) => [m.type, m.pages]), [['birth-medical-certificate', 1], ['household-register', 3]]);
    assert.deepEqual(typesOf('newborn-social-security-card').map((m) => [m.type, m.pages]), [['household-register', 3]]);
    assert.deepEqual(typesOf('vaccination-certificate').map((m) => [m.type, m.pages]), [['birth-medical-certificate', 1]]);
    // Captured once: the same document in every member.
    assert.equal(new Set(MEMBERS.slice(0, 3).map((id) => typesOf(id).find((m) => m.type === 'household-register')!.sha256)).size, 1);

    const card = bodies.find((b) => b.serviceId === 'newborn-social-security-card')!;
    await assertHouseholdRegisterPdf(backend.url, TOKEN, card.id);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('a material the camera cannot take goes to paper at the window; the rest stay photographed', async () => {
    received.length = 0;
    await showToDocumentCamera(join(suite.dir, 'camera.y4m'), 'page');
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url, { width: 1080, height: 1920 });
    await openNewbornWithoutVaccination(page);
    await fillMergedForm(page);
    await stepIs(page, 'materials');
    await page.getByTestId('material-list').waitFor({ timeout: 15_000 });
    await page.getByTestId('next').tap();
    await page.getByTestId('capture-documents').waitFor({ timeout: 15_000 });
    // "Back" from the first material's camera returns to the list, and on again.
    await page.getByTestId('back').tap();
    await page.getByTestId('material-list').waitFor();
    await stepIs(page, 'materials');
    await page.getByTestId('next').tap();
    await page.getByTestId('capture-documents').waitFor({ timeout: 15_000 });
    await page.getByTestId('documents-paper-instead').tap();
    await page.locator('[data-testid="capture-documents"]').filter({ hasText: '户口簿首页' }).waitFor({ timeout: 15_000 });
    await takePages(page, 3);
    await stepIs(page, 'confirm');
    assert.match(await page.getByTestId('summary').innerText(), /出生医学证明：携带原件到综合窗口/);
    await page.getByTestId('next').tap();
    await page.getByTestId('bundle-receipt').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('bring-paper').innerText(), /出生医学证明/);
    const bodies = await waitForValue('three members at the back end', () => {
      const got = received.filter((b) => b.bundle?.bundle === 'newborn');
      return got.length === 3 ? got : null;
    }, 60_000);
    const birth = bodies.find((b) => b.serviceId === 'birth-registration')!;
    assert.deepEqual((birth.payload.materials as { type: string }[]).map((m) => m.type), ['household-register']);
    assert.deepEqual(birth.payload.materialRoutes, [
      { type: 'birth-medical-certificate', via: 'paper' },
      { type: 'household-register', via: 'camera' },
      { type: 'marriage-certificate', via: 'e-certificate' },
    ]);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
