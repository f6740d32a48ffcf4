import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CARD_MM, SIDE_TOP_MM } from '../../documents/pdf/id-copy-pdf.js';
import { PdfFile } from '../../documents/pdf/pdf-inspect.test-helper.js';
import { openKioskPage } from './support/browser.js';
import { CARD_QR, showToDocumentCamera } from './support/document-camera.js';
import { waitForValue } from './support/kiosk-data.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { openService, waitForStep } from './support/kiosk-ui.js';

/**
 * End to end: the ID card copy. Chromium's fake camera plays an ID card lying on the desk, front
 * then back; both are taken by themselves (each lies still, the back somewhere else), the citizen
 * picks a purpose, and the simulated document printer's PDF is one A4 sheet with the front above
 * the back (their QR codes decode where the layout puts them) and the chosen "仅供…使用" line.
 */
describe('ID card copy: front and back through the fake document camera, one A4 sheet with the chosen line', () => {
  const suite = kioskSuite({ camera: true, config: { ui: { idleTimeoutSec: 300 }, devices: { documentCamera: { width: 960, height: 720 } } } });
  const printedDir = () => join(suite.dir, 'data', 'documents', 'printed');
  const printedPdfs = () => (existsSync(printedDir()) ? readdirSync(printedDir()).filter((f) => f.endsWith('.pdf')) : []);

  it('captures both sides, prints them with the purpose chosen on screen, done', async () => {
    await showToDocumentCamera(join(suite.dir, 'camera.y4m'), 'id-card');
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url, { width: 1080, height: 1920 });
    await openService(page, 'id-card-copy');
    await waitForStep(page, 'card');
    assert.match(await page.getByTestId('documents-instruction').innerText(), /人像面/);
    await page.locator('[data-testid="capture-documents"][data-pages="1"]').waitFor({ timeout: 40_000 });
    // The card is turned over: the back, laid down elsewhere, is taken by itself too.
    await page.locator('[data-testid="capture-documents"][data-pages="2"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('next').tap();
    await waitForStep(page, 'print');

    const print = page.getByTestId('id-copy-print');
    assert.equal(await print.isDisabled(), true, 'no purpose chosen yet: nothing to print');
    // "Other" brings the kiosk's keyboard and the line follows what is typed; then a preset is chosen.
    await page.getByTestId('id-copy-purpose-other').tap();
    await page.getByTestId('keyboard').waitFor();
    await page.getByTestId('id-copy-purpose-0').tap();
    assert.equal(await page.getByTestId('keyboard').count(), 0);
    assert.match(await page.getByTestId('id-copy-preview').innerText(), /仅供办理银行业务使用/);
    await print.tap();
    await page.getByTestId('done-step').waitFor({ timeout: 60_000 });

    const file = await waitForValue('the printed copy', () => printedPdfs()[0], 30_000);
    const pdf = new PdfFile(readFileSync(join(printedDir(), file)));
    try {
      assert.equal(pdf.pages(), 1);
      const size = pdf.pageSize();
      assert.ok(Math.abs(size.w - 595.28) < 0.5 && Math.abs(size.h - 841.89) < 0.5, `A4 portrait, got ${size.w}×${size.h}`);
      assert.ok(pdf.text().includes('仅供办理银行业务使用'), pdf.text());
      const x = (210 - CARD_MM.w) / 2;
      const qrOf = (top: number) => pdf.decodeQr({ xMm: x + CARD_MM.w / 2, yMm: top + CARD_MM.h / 2 - 2, wMm: CARD_MM.w / 2, hMm: CARD_MM.h / 2 + 2 }, 300);
      assert.equal(qrOf(SIDE_TOP_MM.front), CARD_QR.front);
      assert.equal(qrOf(SIDE_TOP_MM.back), CARD_QR.back);
    } finally {
      pdf.dispose();
    }
    assert.equal(printedPdfs().length, 1);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
