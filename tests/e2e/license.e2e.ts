// kiosk-test: long
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeSerious, describeViolations } from './support/axe.js';
import { sqliteRows, waitForValue } from './support/kiosk-data.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { identifyWithCard, openService, passFaceCheck, rateAndFinish, scanSample, typeKeys, waitForStep, withDevPanel } from './support/kiosk-ui.js';
import { pdfPageSize, pdfText } from '../../drivers/core/test-support/pdf-tools.js';

/** Business-license printing end to end: simulated reader, document printer (CUPS queue sim) and the demo registry. */
describe('business license: only an authorised person prints; refusals are clear and recorded', () => {
  const suite = kioskSuite({ camera: true, config: { kioskId: 'bank-branch-k01', ui: { idleTimeoutSec: 180, idleWarningSec: 10 }, identity: { face: { requiredCheck: 'enforce' } } } });
  const dir = suite.dir;
  const dataDir = join(dir, 'data');
  const printedDir = join(dataDir, 'documents', 'printed');

  const printedPdfs = () => (existsSync(printedDir) ? readdirSync(printedDir).filter((f) => f.endsWith('.pdf')) : []);

  /** Rows the embedded demo back end holds (its own SQLite file in the data dir), read-only. */
  const backendRows = <T,>(sql: string, ...args: unknown[]): T[] => sqliteRows<T>(join(dataDir, 'demo-backend.sqlite'), sql, ...args);
  const waitFor = waitForValue;
  const audits = (uscc: string) => backendRows<{ body: string }>('SELECT body FROM license_print_audits WHERE uscc = ? ORDER BY seq', uscc).map((r) => JSON.parse(r.body) as { outcome: string; copy: string; kioskId: string });

  /** As support/suite.browser.ts openKioskPage, but axe-core may be injected (bypassCSP, as the accessibility e2e does). */
  async function openKioskPage(b: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
    const context = await b.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, isMobile: false, locale: 'zh-CN', bypassCSP: true, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    return { page, errors };
  }

  async function noAxeViolations(page: Page, where: string): Promise<void> {
    const v = await axeSerious(page);
    assert.deepEqual(v, [], describeViolations(where, v));
  }

  async function enterCode(page: Page, code: string): Promise<void> {
    await waitForStep(page, 'code');
    await page.getByTestId('field-uscc').tap();
    await page.locator('[data-testid="keyboard"][data-mode="latin"]').waitFor();
    await typeKeys(page, code);
    assert.equal(await page.getByTestId('field-uscc').inputValue(), code);
    await page.getByTestId('next').tap();
  }

  it('欧阳晓明 prints the original of 91320508MA1MXK2C87: an A3 PDF with the code and the name, the print record reaches the back end, a receipt', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'business-license');
    suite.showToCamera({ kind: 'live', card: 'ouyang' });
    await identifyWithCard(page, 'ouyang');
    await passFaceCheck(page);
    await enterCode(page, '91320508MA1MXK2C87');
    await page.getByTestId('license-authorised').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('license-name').innerText(), '苏州古城示例科技有限公司');
    const screen = await page.locator('body').innerText();
    assert.ok(!screen.includes('320508195602290013') && !screen.includes('欧阳晓明'), 'no ID number or full name on screen');
    await noAxeViolations(page, 'license summary');
    await page.getByTestId('next').tap();
    await waitForStep(page, 'print');
    await noAxeViolations(page, 'license copy choice');
    await page.getByTestId('copy-original').tap();
    await page.getByTestId('print-license').tap();
    await page.getByTestId('license-printed').waitFor({ timeout: 60_000 });
    await page.getByTestId('license-receipt').waitFor();

    const pdfs = printedPdfs();
    assert.equal(pdfs.length, 1, `printed: ${pdfs.join(', ')}`);
    assert.match(pdfs[0]!, /A3/);
    const file = join(printedDir, pdfs[0]!);
    assert.deepEqual(pdfPageSize(file), { w: 1190.55, h: 841.89, name: 'A3' });
    const text = pdfText(file);
    assert.match(text, /91320508MA1MXK2C87/);
    assert.match(text, /苏州古城示例科技有限公司/);
    assert.match(text, /欧阳晓明/);

    const filed = await waitFor('the print audit at the back end', () => audits('91320508MA1MXK2C87').find((a) => a.outcome === 'printed'));
    assert.equal(filed.copy, 'original');
    assert.equal(filed.kioskId, 'bank-branch-k01');

    await page.getByTestId('next').tap();
    await rateAndFinish(page, 5);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('someone else (林小 for 91320508MA1MXK2C87) is refused with the reason, and the refusal is recorded', async () => {
    const before = printedPdfs().length;
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'business-license');
    suite.showToCamera({ kind: 'live', card: 'lin' });
    await identifyWithCard(page, 'lin');
    await passFaceCheck(page);
    await enterCode(page, '91320508MA1MXK2C87');
    await page.getByTestId('license-refused').waitFor({ timeout: 20_000 });
    assert.match(await page.getByTestId('license-refused').innerText(), /不是该营业执照登记的法定代表人.*不能在自助终端打印/);
    await noAxeViolations(page, 'license refused');
    assert.equal(await page.locator('[data-testid="license-lookup"] [data-testid="next"]').count(), 0, 'no way on to printing');
    await waitFor('the refusal at the back end', () => backendRows<{ n: number }>("SELECT COUNT(*) AS n FROM submissions WHERE service_id = 'license-print-refusal'")[0]?.n);
    await page.getByTestId('cancel').tap();
    await page.getByTestId('home').waitFor();
    assert.equal(printedPdfs().length, before);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('the code can be scanned instead of typed (the scanner fills the field)', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'business-license');
    suite.showToCamera({ kind: 'live', card: 'ouyang' });
    await identifyWithCard(page, 'ouyang');
    await passFaceCheck(page);
    await waitForStep(page, 'code');
    await page.getByTestId('uscc-scan').tap();
    await page.getByTestId('uscc-scan-waiting').waitFor();
    await scanSample(page, 1); // the developer panel's sample: 91320508MA1MXK2C87
    await page.waitForFunction(`document.querySelector('[data-testid="field-uscc"]')?.value === '91320508MA1MXK2C87'`, undefined, { timeout: 15_000 });
    await page.getByTestId('next').tap();
    await page.getByTestId('license-authorised').waitFor({ timeout: 20_000 });
    await page.getByTestId('cancel').tap();
    await page.getByTestId('home').waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('a wrong check character (91320508MA1MXK2C88) is refused on the form, before any query', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'business-license');
    suite.showToCamera({ kind: 'live', card: 'ouyang' });
    await identifyWithCard(page, 'ouyang');
    await passFaceCheck(page);
    await enterCode(page, '91320508MA1MXK2C88');
    await page.locator('.field-problem').first().waitFor();
    assert.equal(await page.getByTestId('flow').getAttribute('data-step'), 'code');
    assert.equal(await page.getByTestId('license-lookup').count(), 0);
    await page.getByTestId('cancel').tap();
    await page.getByTestId('home').waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('A3 paper out: a clear message, nothing printed, nothing recorded as printed; with paper it prints', async () => {
    const before = printedPdfs().length;
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'business-license');
    await withDevPanel(page, async (p) => {
      await p.getByTestId('sim-doc-a3-out').tap();
    });
    suite.showToCamera({ kind: 'live', card: 'chan' });
    await identifyWithCard(page, 'chan');
    await passFaceCheck(page);
    await enterCode(page, '93320505MA2NLRW61U');
    await page.getByTestId('license-authorised').waitFor({ timeout: 20_000 });
    await page.getByTestId('next').tap();
    await page.getByTestId('copy-original').tap();
    await page.getByTestId('print-license').tap();
    await page.getByTestId('license-print-error').waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('license-print-error').innerText(), /A3 纸已用完.*没有打印，也没有记为已打印/);
    await noAxeViolations(page, 'license paper out');
    assert.equal(printedPdfs().length, before);
    // Give the sync worker time to deliver anything it might (wrongly) have queued.
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(audits('93320505MA2NLRW61U').filter((a) => a.outcome === 'printed').length, 0);

    await withDevPanel(page, async (p) => {
      await p.getByTestId('sim-doc-ok').tap();
    });
    await page.getByTestId('retry').tap();
    await page.getByTestId('license-printed').waitFor({ timeout: 60_000 });
    assert.equal(printedPdfs().length, before + 1);
    await waitFor('the print audit at the back end', () => audits('93320505MA2NLRW61U').find((a) => a.outcome === 'printed'));
    await page.getByTestId('cancel').tap();
    await page.getByTestId('home').waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('社保缴费记录: the record printed as an A4 certificate on the document printer', async () => {
    const before = printedPdfs();
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'social-insurance-records');
    await identifyWithCard(page, 'wang');
    await page.getByTestId('lookup-result').waitFor({ timeout: 15_000 });
    await page.getByTestId('next').tap();
    await page.getByTestId('print-a4').tap();
    await page.getByTestId('a4-printed').waitFor({ timeout: 60_000 });
    const added = printedPdfs().filter((f) => !before.includes(f));
    assert.equal(added.length, 1);
    assert.match(added[0]!, /A4/);
    const file = join(printedDir, added[0]!);
    assert.deepEqual(pdfPageSize(file), { w: 595.276, h: 841.89, name: 'A4' });
    const text = pdfText(file);
    assert.match(text, /社会保险个人缴费记录/);
    assert.match(text, /苏州工业园区星海软件有限公司/);
    await page.getByTestId('cancel').tap();
    await page.getByTestId('home').waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
