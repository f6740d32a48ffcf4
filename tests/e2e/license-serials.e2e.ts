import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openKioskPage } from './support/browser.js';
import { holdClock, typePin } from './support/diagnostics-ui.js';
import { sqliteRows, waitForValue } from './support/kiosk-data.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { identifyWithCard, openService, passFaceCheck, rateAndFinish, typeKeys, waitForStep } from './support/kiosk-ui.js';

/** Every device is simulated and no PIN hash is configured: the documented development PIN applies. */
const DEV_PIN = '000000';

/** Business-license stock with printed serials: a bank branch kiosk whose A3 tray holds numbered 正本 stock. */
describe('numbered license stock: the technician registers the stack, each printed sheet is audited with its serial', () => {
  const suite = kioskSuite({
    camera: true,
    config: { kioskId: 'bank-branch-k02', ui: { idleTimeoutSec: 180, idleWarningSec: 10 }, documents: { stock: { A3: { numbered: true, prefix: 'SZ', digits: 8 } } }, identity: { face: { requiredCheck: 'enforce' } } },
  });
  const dataDir = join(suite.dir, 'data');
  const printedDir = join(dataDir, 'documents', 'printed');
  const printedPdfs = () => (existsSync(printedDir) ? readdirSync(printedDir).filter((f) => f.endsWith('.pdf')) : []);

  /** What reached the embedded demo back end's registry. */
  const audits = (uscc: string) =>
    sqliteRows<{ body: string }>(join(dataDir, 'demo-backend.sqlite'), 'SELECT body FROM license_print_audits WHERE uscc = ? ORDER BY seq', uscc).map(
      (r) => JSON.parse(r.body) as { outcome: string; copy: string; kioskId: string; sheetSerial: string | null },
    );
  const waitFor = waitForValue;

  async function enterCode(page: Page, code: string): Promise<void> {
    await waitForStep(page, 'code');
    await page.getByTestId('field-uscc').tap();
    await page.locator('[data-testid="keyboard"][data-mode="latin"]').waitFor();
    await typeKeys(page, code);
    await page.getByTestId('next').tap();
  }

  /** A citizen who may print it asks for the original (A3) of `uscc`; the print's outcome is left on screen. */
  async function askForOriginal(page: Page, card: string, uscc: string): Promise<void> {
    await openService(page, 'business-license');
    suite.showToCamera({ kind: 'live', card });
    await identifyWithCard(page, card);
    await passFaceCheck(page);
    await enterCode(page, uscc);
    await page.getByTestId('license-authorised').waitFor({ timeout: 20_000 });
    await page.getByTestId('next').tap();
    await waitForStep(page, 'print');
    await page.getByTestId('copy-original').tap();
    await page.getByTestId('print-license').tap();
  }

  async function openDocumentTab(page: Page): Promise<void> {
    await page.getByTestId('attract').waitFor();
    await holdClock(page);
    await typePin(page, DEV_PIN);
    await page.getByTestId('diag-screen').waitFor();
    await page.getByTestId('diag-tab-documents').tap();
    await page.getByTestId('diag-serial-A3').waitFor();
  }

  it('no serial registered for the numbered A3 stock: the citizen is told plainly, nothing is printed or recorded as printed', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await askForOriginal(page, 'ouyang', '91320508MA1MXK2C87');
    await page.getByTestId('license-print-error').waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('license-print-error').innerText(), /请工作人员登记证照纸编号.*没有打印，也没有记为已打印/);
    assert.deepEqual(printedPdfs(), []);
    // Give the sync worker time to deliver anything it might (wrongly) have queued.
    await new Promise((r) => setTimeout(r, 3000));
    assert.deepEqual(audits('91320508MA1MXK2C87'), []);
    await page.getByTestId('cancel').tap();
    await page.getByTestId('home').waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('the technician registers the first serial on the on-screen keyboard; the next originals carry it and the one after, at the back end', async () => {
    const tech = await openKioskPage(suite.browser, suite.kiosk.url);
    await openDocumentTab(tech.page);
    assert.match(await tech.page.getByTestId('diag-serial-A3-next').innerText(), /未登记/);
    assert.match(await tech.page.getByTestId('diag-serial-A4').innerText(), /没有编号/);

    await tech.page.getByTestId('diag-serial-A3-input').tap();
    await tech.page.locator('[data-testid="keyboard"][data-mode="latin"]').waitFor();
    // A serial off the configured format (SZ + 8 digits) is refused by the host.
    await typeKeys(tech.page, 'SZ123');
    await tech.page.getByTestId('diag-serial-A3-set').tap();
    assert.match(await tech.page.getByTestId('diag-serial-A3-note').innerText(), /SZ \+ 8 digits/);
    assert.match(await tech.page.getByTestId('diag-serial-A3-next').innerText(), /未登记/);

    await tech.page.getByTestId('diag-serial-A3-input').tap();
    await tech.page.getByTestId('keyboard').waitFor();
    // The refused "SZ123" stays in the field: completed, not typed again.
    await typeKeys(tech.page, '00045');
    assert.equal(await tech.page.getByTestId('diag-serial-A3-input').inputValue(), 'SZ12300045');
    await tech.page.getByTestId('diag-serial-A3-set').tap();
    await tech.page.locator('[data-testid="diag-serial-A3-next"]', { hasText: 'SZ12300045' }).waitFor();
    assert.match(await tech.page.getByTestId('diag-serial-A3-used').innerText(), /^0 张/);
    const audited = sqliteRows<{ action: string; ok: number; detail: string }>(join(dataDir, 'diagnostics.sqlite'), "SELECT action, ok, detail FROM audit WHERE action = 'sheet-serial-set' ORDER BY seq");
    assert.deepEqual(audited.map((a) => [a.ok, a.detail]), [
      [0, 'A3: (none) after 0 sheets → SZ123; sheet serial "SZ123": does not match the stock\'s format (SZ + 8 digits)'],
      [1, 'A3: (none) after 0 sheets → SZ12300045'],
    ]);
    await tech.page.getByTestId('diag-exit').tap();
    await tech.page.getByTestId('diag-screen').waitFor({ state: 'detached' });
    assert.deepEqual(tech.errors, []);
    await tech.page.context().close();

    // 欧阳晓明 prints the original of his company: the sheet is SZ12300045.
    const first = await openKioskPage(suite.browser, suite.kiosk.url);
    await askForOriginal(first.page, 'ouyang', '91320508MA1MXK2C87');
    await first.page.getByTestId('license-printed').waitFor({ timeout: 60_000 });
    await first.page.getByTestId('next').tap();
    await rateAndFinish(first.page, 5);
    const filed = await waitFor('the print audit at the back end', () => audits('91320508MA1MXK2C87').find((a) => a.outcome === 'printed'));
    assert.deepEqual([filed.copy, filed.kioskId, filed.sheetSerial], ['original', 'bank-branch-k02', 'SZ12300045']);
    assert.deepEqual(first.errors, []);
    await first.page.context().close();

    // 陳大文 prints his cooperative's original next: the sheet after it.
    const second = await openKioskPage(suite.browser, suite.kiosk.url);
    await askForOriginal(second.page, 'chan', '93320505MA2NLRW61U');
    await second.page.getByTestId('license-printed').waitFor({ timeout: 60_000 });
    await second.page.getByTestId('cancel').tap();
    await second.page.getByTestId('home').waitFor();
    const next = await waitFor('the second print audit at the back end', () => audits('93320505MA2NLRW61U').find((a) => a.outcome === 'printed'));
    assert.equal(next.sheetSerial, 'SZ12300046');
    assert.equal(printedPdfs().length, 2);
    assert.deepEqual(second.errors, []);
    await second.page.context().close();

    // The technician sees where the stack stands.
    const check = await openKioskPage(suite.browser, suite.kiosk.url);
    await openDocumentTab(check.page);
    assert.equal(await check.page.getByTestId('diag-serial-A3-next').innerText(), 'SZ12300047');
    assert.match(await check.page.getByTestId('diag-serial-A3-used').innerText(), /^2 张（自 SZ12300045 起）/);
    await check.page.getByTestId('diag-exit').tap();
    await check.page.getByTestId('diag-screen').waitFor({ state: 'detached' });
    assert.deepEqual(check.errors, []);
    await check.page.context().close();
  });
});
