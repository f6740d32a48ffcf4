import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openKioskPage } from './support/browser.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { identifyWithCard, openService, placeCard, rateAndFinish, removeCard, typeKeys, waitForStep } from './support/kiosk-ui.js';

function queueStatus(dataDir: string): { pending: number; inFlight: number; done: number; dead: number } {
  return JSON.parse(execFileSync(process.execPath, ['tools/kiosk-diag.mjs', 'queue', 'status', '--data', dataDir, '--json'], { encoding: 'utf8' }));
}

describe('services: each flow end to end on simulated devices', () => {
  const suite = kioskSuite({ config: { ui: { idleTimeoutSec: 120, idleWarningSec: 10 } } });
  const dir = suite.dir;

  it('the home lists the catalog with Chinese names and filters by department and search', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await page.getByTestId('start').tap();
    await page.getByTestId('home').waitFor();
    await page.getByTestId('service-social-insurance-records').waitFor();
    assert.match(await page.getByTestId('tiles').innerText(), /社保缴费记录查询/);
    await page.getByTestId('filter-open').tap();
    await page.getByTestId('dept-police').tap();
    assert.equal(await page.getByTestId('service-social-insurance-records').count(), 0);
    assert.equal(await page.getByTestId('service-household-proof').count(), 1);
    await page.getByTestId('dept-all').tap();
    await page.getByTestId('search').tap();
    await page.getByTestId('keyboard').waitFor();
    await typeKeys(page, 'sbjf');
    await page.getByTestId('service-household-proof').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('service-social-insurance-records').count(), 1);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('社保缴费记录查询: card, record table, printed receipt, rating', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'social-insurance-records');
    await identifyWithCard(page, 'wang');
    await page.getByTestId('lookup-result').waitFor({ timeout: 15_000 });
    const text = await page.getByTestId('lookup-result').innerText();
    assert.match(text, /苏州工业园区星海软件有限公司/);
    assert.match(text, /¥1,024\.00/); // 8 % of a 12,800 base
    await page.getByTestId('next').tap();
    await page.getByTestId('print').tap();
    await page.getByTestId('take-receipt').waitFor({ timeout: 15_000 });
    await page.getByTestId('next').tap();
    await rateAndFinish(page, 5);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('户籍证明申请: card, form on the suite.kiosk keyboard, confirm, offline-queue submission, receipt with case number, rating', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'household-proof');
    await identifyWithCard(page, 'ouyang');
    await page.getByTestId('form').waitFor();
    assert.equal(await page.getByTestId('field-applicantName').innerText(), '欧**明');
    // "Next" with nothing filled in: plain-word problems, nothing submitted.
    await page.getByTestId('next').tap();
    await page.locator('.field-problem').first().waitFor();
    await page.getByTestId('field-purpose-school').tap();
    await page.getByTestId('field-copies').tap();
    // A count's keypad: digits, delete and OK, no "-" or "X" (nor letter keys) to type by mistake.
    await page.locator('[data-testid="keyboard"][data-mode="number"]').waitFor();
    const keys = (await page.getByTestId('keyboard').locator('.hg-button').allInnerTexts()).map((k) => k.trim());
    assert.deepEqual([...keys].sort(), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '删除', '确定'].sort(), keys.join(' '));
    await typeKeys(page, '2');
    // OK moves on to the next field to type in (the phone number, on its own digits keyboard).
    await page.getByTestId('keyboard').locator('[data-skbtn="{ok}"]').tap();
    await page.locator('[data-testid="keyboard"][data-mode="digits"]').waitFor();
    assert.equal(await page.getByTestId('field-copies').inputValue(), '2');
    await page.getByTestId('field-phone').tap();
    await typeKeys(page, '13800138000');
    assert.equal(await page.getByTestId('field-phone').inputValue(), '13800138000');
    // The keyboard never covers the field being typed into.
    const field = (await page.getByTestId('field-phone').boundingBox())!;
    const kb = (await page.getByTestId('keyboard').boundingBox())!;
    assert.ok(field.y + field.height <= kb.y, `field bottom ${field.y + field.height} overlaps keyboard top ${kb.y}`);
    await page.getByTestId('next').tap();
    await page.getByTestId('confirm').waitFor();
    const summary = await page.getByTestId('summary').innerText();
    assert.match(summary, /入学/);
    assert.match(summary, /13800138000/);
    assert.ok(!summary.includes('欧阳晓明'), 'full name on screen');
    // The name row has the form's word for it: 申请人 on both screens, not 姓名 on one of them.
    assert.match(summary, /申请人\s+欧\*\*明/);
    assert.ok(!summary.includes('姓名'), summary);
    await page.getByTestId('next').tap();
    await page.getByTestId('case-number').waitFor({ timeout: 15_000 });
    const caseNumber = await page.getByTestId('case-number').innerText();
    // Chinese text takes the full-width colon.
    assert.equal(await page.locator('.case-number', { has: page.getByTestId('case-number') }).innerText(), `受理编号：${caseNumber}`);
    assert.ok(caseNumber.length > 8, caseNumber);
    await page.getByTestId('take-receipt').waitFor({ timeout: 15_000 });
    await page.getByTestId('next').tap();
    await rateAndFinish(page, 2, async () => {
      // Synced while the citizen is still here: the back end's receiptNo beside the case number.
      assert.equal(await page.getByTestId('done-case-number').innerText(), caseNumber);
      await page.getByTestId('done-receipt-no').waitFor({ timeout: 15_000 });
      assert.match(await page.getByTestId('done-receipt-no').innerText(), /^DEMO-\d{8}-\d{6}$/);
    });
    const q = queueStatus(join(dir, 'data'));
    assert.ok(q.pending + q.inFlight + q.done >= 2, `submission and rating queued: ${JSON.stringify(q)}`);
    assert.equal(q.dead, 0);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('back and cancel: back from the first step leaves the service; cancel ends it from any step', async () => {
    const { page } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'household-proof');
    await page.getByTestId('back').tap();
    await page.getByTestId('home').waitFor();
    await page.getByTestId('service-household-proof').tap();
    await identifyWithCard(page, 'lin');
    await waitForStep(page, 'details');
    await page.getByTestId('back').tap();
    await waitForStep(page, 'identify');
    await page.getByTestId('identity').waitFor();
    await page.getByTestId('cancel').tap();
    await page.getByTestId('home').waitFor();
    await page.context().close();
  });

  it('a card left on the reader does not identify the next citizen: lift it off and place again', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'household-proof');
    await identifyWithCard(page, 'ouyang');
    await waitForStep(page, 'details');
    // The citizen cancels and walks away; the card stays on the reader.
    await page.getByTestId('cancel').tap();
    await page.getByTestId('home').waitFor();
    await page.getByTestId('service-household-proof').tap();
    await page.getByTestId('identify').waitFor();
    await page.getByTestId('remove-card').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('remove-card').innerText(), /请先把它拿起来/);
    await page.waitForTimeout(1500); // several polls: the card in the field is still not read
    assert.equal(await page.getByTestId('identity').count(), 0, 'the previous citizen was identified');
    await removeCard(page);
    await page.getByTestId('remove-card').waitFor({ state: 'detached', timeout: 10_000 });
    await placeCard(page, 'wang');
    await page.getByTestId('identity').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('masked-name').innerText(), '王*');
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
