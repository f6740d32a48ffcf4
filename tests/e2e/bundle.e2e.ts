import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openKioskPage } from './support/browser.js';
import { sqliteRows, waitForValue } from './support/kiosk-data.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { bundleStepIs as stepIs, fillMergedForm, NEWBORN_ANSWERS as ANSWERS, openBundle, openNewbornWithoutVaccination } from './support/bundle-walk.js';
import { identifyWithCard, openService, typeKeys } from './support/kiosk-ui.js';

const NEWBORN_MEMBERS = ['birth-registration', 'newborn-medical-insurance', 'newborn-social-security-card', 'vaccination-certificate'];

describe('新生儿出生一件事: one identify, one form, one confirm, one submission, one receipt', () => {
  const suite = kioskSuite({ config: { ui: { idleTimeoutSec: 300, idleWarningSec: 10 } } });
  const backendRows = <T,>(sql: string, ...args: unknown[]): T[] => sqliteRows<T>(join(suite.dir, 'data', 'demo-backend.sqlite'), sql, ...args);

  it('four departments: each shared field typed once, the e-certificate replaces the marriage certificate, every case number on one receipt, each member stored once', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openBundle(page, 'newborn');
    await identifyWithCard(page, 'wang');
    await stepIs(page, 'choose');
    for (const id of NEWBORN_MEMBERS) await page.getByTestId(`member-${id}`).waitFor();
    await page.getByTestId('next').tap();
    await stepIs(page, 'form');
    // Prefilled from the card and shown masked, once.
    assert.equal(await page.getByTestId('field-applicantName').innerText(), '王*');
    const pages = Number(await page.getByTestId('bundle-form').getAttribute('data-pages'));
    assert.ok(pages >= 2, `${pages} pages`);
    const asked = await fillMergedForm(page);
    for (const key of Object.keys(ANSWERS)) assert.equal(asked.get(key), 1, `${key} asked ${asked.get(key) ?? 0} times`);

    await stepIs(page, 'materials');
    await page.getByTestId('material-list').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('material-marriage-certificate').getAttribute('data-route'), 'e-certificate');
    assert.match(await page.getByTestId('material-marriage-certificate-linked').innerText(), /已关联电子证照，无需提交：结婚证/);
    assert.equal(await page.getByTestId('material-birth-medical-certificate').getAttribute('data-route'), 'paper');
    assert.equal(await page.getByTestId('material-household-register').getAttribute('data-route'), 'paper');
    assert.equal(await page.locator('[data-testid^="material-"][data-route]').count(), 3, 'each material type once');
    await page.getByTestId('next').tap();

    await stepIs(page, 'confirm');
    const summary = await page.getByTestId('summary').innerText();
    for (const dept of ['公安局', '医疗保障局', '人力资源和社会保障局', '卫生健康委员会']) assert.match(summary, new RegExp(dept));
    // Masked by the dictionary's rules: no full name or phone number on the screen.
    assert.ok(!summary.includes('王小宝') && !summary.includes('13912345678') && !summary.includes('李强'), summary);
    assert.match(summary, /139\*\*\*\*5678/);
    assert.match(summary, /王\*宝/);
    await page.getByTestId('next').tap();

    await page.getByTestId('bundle-receipt').waitFor({ timeout: 15_000 });
    const cases: string[] = [];
    for (const id of NEWBORN_MEMBERS) cases.push(await page.getByTestId(`case-${id}-number`).innerText());
    assert.equal(new Set(cases).size, 4, cases.join(' '));
    // Synced while the citizen is still here: every department's own number.
    for (const id of NEWBORN_MEMBERS) await page.locator(`[data-testid="case-${id}"][data-state="done"]`).waitFor({ timeout: 45_000 });
    for (const id of NEWBORN_MEMBERS) assert.match(await page.getByTestId(`case-${id}-receipt-no`).innerText(), /^DEMO-\d{8}-\d{6}$/);
    assert.match(await page.getByTestId('bring-paper').innerText(), /出生医学证明、户口簿/);
    await page.getByTestId('print-receipt').tap();
    await page.getByTestId('print-receipt').filter({ hasText: '回执已打印' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('done').tap();
    await page.getByTestId('home').waitFor();

    const rows = await waitForValue('four members at the back end', () => {
      const r = backendRows<{ serviceId: string; bundleId: string; member: number }>('SELECT service_id AS serviceId, bundle_id AS bundleId, bundle_member AS member FROM submissions WHERE bundle_id IS NOT NULL ORDER BY bundle_member');
      return r.length >= 4 ? r : null;
    });
    assert.deepEqual(rows.map((r) => r.serviceId), NEWBORN_MEMBERS, 'each member exactly once');
    assert.equal(new Set(rows.map((r) => r.bundleId)).size, 1);
    assert.deepEqual(rows.map((r) => r.member), [0, 1, 2, 3]);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});

describe('a refused member on the status query: every department\'s state by the case number, the refused one with its reason', () => {
  const suite = kioskSuite({ config: { ui: { idleTimeoutSec: 300, idleWarningSec: 10 } } });

  it('the social security card by post without an address is refused; 办件进度查询 with its case number shows it refused, the others accepted', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openNewbornWithoutVaccination(page);
    await fillMergedForm(page, { ...ANSWERS, 'newborn-social-security-card.delivery': { choose: 'post' } });
    await stepIs(page, 'materials');
    await page.getByTestId('material-list').waitFor({ timeout: 15_000 });
    await page.getByTestId('next').tap();
    await stepIs(page, 'confirm');
    await page.getByTestId('next').tap();
    await page.getByTestId('bundle-receipt').waitFor({ timeout: 15_000 });
    const caseNumber = await page.getByTestId('case-newborn-social-security-card-number').innerText();
    await page.getByTestId('case-newborn-social-security-card-refused').waitFor({ timeout: 45_000 });
    await page.getByTestId('done').tap();
    await page.getByTestId('home').waitFor();

    await openService(page, 'case-status');
    await page.getByTestId('field-caseNumber').tap();
    await page.locator('[data-testid="keyboard"][data-mode="latin"]').waitFor();
    await typeKeys(page, caseNumber);
    await page.getByTestId('next').tap();
    await page.getByTestId('case-status-members').waitFor({ timeout: 15_000 });
    const states = await page.locator('[data-testid^="status-"][data-state]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-testid'), e.getAttribute('data-state')]));
    assert.deepEqual(states, [
      ['status-birth-registration', 'done'],
      ['status-newborn-medical-insurance', 'done'],
      ['status-newborn-social-security-card', 'dead'],
    ]);
    assert.match(await page.getByTestId('status-newborn-social-security-card-reason').innerText(), /原因：邮寄需要填写邮寄地址/);
    assert.match(await page.getByTestId('status-birth-registration-state').innerText(), /部门已受理.*DEMO-\d{8}-\d{6}/);
    const text = await page.getByTestId('case-status').innerText();
    assert.ok(!text.includes('王') && !text.includes('13912345678'), 'no personal data on the status screen');
    await page.getByTestId('next').tap();
    await page.getByTestId('home').or(page.getByTestId('done')).first().waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});

describe('search finds life-event bundles beside the services', () => {
  const suite = kioskSuite({ config: { ui: { idleTimeoutSec: 300, idleWarningSec: 10 } } });

  it('typing the pinyin initials of 新生儿出生一件事 shows its tile after the services found; tapping it starts the bundle', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await page.getByTestId('attract').or(page.getByTestId('home')).first().waitFor();
    if (await page.getByTestId('attract').count()) await page.getByTestId('start').tap();
    await page.getByTestId('home').waitFor();
    await page.getByTestId('search').tap();
    await page.getByTestId('keyboard').waitFor();
    await typeKeys(page, 'xsecs');
    const tile = page.getByTestId('bundle-newborn');
    for (let i = 0; i < 10 && (await tile.count()) === 0; i++) {
      const next = page.getByTestId('page-next');
      if ((await next.count()) === 0 || (await next.isDisabled())) break;
      await next.tap();
    }
    await tile.waitFor({ timeout: 5000 });
    await tile.tap();
    await page.locator('[data-testid="flow"][data-bundle="newborn"]').waitFor();
    assert.deepEqual(errors, []);
  });
});

describe('新生儿出生一件事 with the back end down: the materials are asked for on paper', () => {
  const suite = kioskSuite({ config: { backend: { url: 'http://127.0.0.1:9' }, ui: { idleTimeoutSec: 300, idleWarningSec: 10 } } });

  it('no e-certificate can be looked up: the marriage certificate is asked for like the rest', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openNewbornWithoutVaccination(page);
    const asked = await fillMergedForm(page);
    assert.equal(asked.get('vaccination-certificate.clinic'), undefined);
    await stepIs(page, 'materials');
    await page.getByTestId('material-list').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('material-marriage-certificate').getAttribute('data-route'), 'paper');
    assert.match(await page.getByTestId('bundle-materials').innerText(), /暂时无法查询电子证照/);
    await page.getByTestId('next').tap();
    await stepIs(page, 'confirm');
    assert.equal(await page.getByTestId('confirm-vaccination-certificate').count(), 0);
    await page.getByTestId('next').tap();
    await page.getByTestId('bundle-receipt').waitFor({ timeout: 15_000 });
    for (const id of NEWBORN_MEMBERS.slice(0, 3)) await page.getByTestId(`case-${id}-number`).waitFor();
    assert.match(await page.getByTestId('bundle-receipt').innerText(), /网络恢复后自动提交/);
    assert.match(await page.getByTestId('bring-paper').innerText(), /结婚证/);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
