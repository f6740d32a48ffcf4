import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidCaseNumber } from '../../contracts/case-number.js';
import { openKioskPage } from './support/browser.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { hallTimeMinutes, identifyWithCard, openService, passFaceCheck, rateAndFinish, scanSample, signAndConfirm, typeKeys, typePinyin, waitForStep, withDevPanel } from './support/kiosk-ui.js';

describe('services: the rest of the catalog end to end', () => {
  const suite = kioskSuite({ camera: true, config: { ui: { idleTimeoutSec: 120, idleWarningSec: 10 }, identity: { face: { requiredCheck: 'enforce' } } } });

  it('the home shows at least eight services with Chinese names', async () => {
    const { page } = await openKioskPage(suite.browser, suite.kiosk.url);
    await page.getByTestId('start').tap();
    await page.getByTestId('service-e-certificate').waitFor();
    assert.ok((await page.locator('[data-testid^="service-"]').count()) >= 8);
    for (const name of ['社保缴费记录查询', '住房公积金余额查询', '不动产登记信息查询', '户籍证明申请', '无犯罪记录证明申请', '12345 投诉建议', '人工窗口取号', '电子证照亮证']) {
      assert.match(await page.getByTestId('tiles').innerText(), new RegExp(name));
    }
    await page.context().close();
  });

  it('住房公积金余额查询: identified by the e-government QR code', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'housing-fund-balance');
    await page.getByTestId('identify').waitFor();
    await scanSample(page, 0);
    assert.equal(await page.getByTestId('masked-name').innerText(), '欧**明');
    await page.getByTestId('next').tap();
    await page.getByTestId('lookup-result').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('lookup-result').innerText(), /已销户/);
    await page.getByTestId('next').tap();
    await page.getByTestId('skip').tap();
    await rateAndFinish(page, 4);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('不动产登记信息查询: the authorisation must be accepted; records of the card holder only', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'real-estate-records');
    await identifyWithCard(page, 'wang');
    await page.getByTestId('notice').waitFor();
    await page.getByTestId('next').tap();
    await page.getByRole('alert').waitFor();
    await waitForStep(page, 'consent');
    await page.getByTestId('accept').tap();
    assert.equal(await page.getByTestId('accept').getAttribute('aria-checked'), 'true');
    await page.getByTestId('next').tap();
    await page.getByTestId('lookup-result').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('lookup-result').innerText(), /星湖街328号/);
    await page.getByTestId('next').tap();
    await page.getByTestId('print').tap();
    await page.getByTestId('take-receipt').waitFor({ timeout: 15_000 });
    await page.getByTestId('next').tap();
    await rateAndFinish(page, 3);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('无犯罪记录证明申请: authorisation signed by hand, prefilled masked identity, submission with a receipt', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    suite.showToCamera({ kind: 'live', card: 'wang' });
    await openService(page, 'no-criminal-record');
    await identifyWithCard(page, 'wang');
    await passFaceCheck(page);
    await signAndConfirm(page);
    await page.getByTestId('form').waitFor();
    assert.equal(await page.getByTestId('field-applicantIdNumber').innerText(), '3205**********0029');
    await page.getByTestId('field-purpose-visa').tap();
    await page.getByTestId('field-phone').tap();
    await typeKeys(page, '13912345678');
    await page.getByTestId('next').tap();
    await page.getByTestId('confirm').waitFor();
    assert.ok(!(await page.locator('body').innerText()).includes('320508199001010029'), 'full ID number on screen');
    await page.getByTestId('next').tap();
    await page.getByTestId('case-number').waitFor({ timeout: 15_000 });
    await page.getByTestId('take-receipt').waitFor({ timeout: 15_000 });
    await page.getByTestId('next').tap();
    await rateAndFinish(page, 1);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('12345 投诉建议: Chinese entered by pinyin with candidates, no card needed', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'complaint-12345');
    assert.match(await page.getByTestId('step-timer').innerText(), /\d+ 秒无操作将返回首页/);
    await page.getByTestId('field-kind-complaint').tap();
    await page.getByTestId('field-category-city').tap();
    await page.getByTestId('field-location').tap();
    await page.locator('[data-testid="keyboard"][data-mode="pinyin"]').waitFor();
    await typePinyin(page, 'ren', '人');
    await typePinyin(page, 'min', '民');
    await typePinyin(page, 'lu', '路');
    assert.equal(await page.getByTestId('field-location').inputValue(), '人民路');
    await page.getByTestId('field-content').tap();
    for (const [s, c] of [['lu', '路'], ['deng', '灯'], ['huai', '坏'], ['le', '了'], ['zhong', '中']] as const) await typePinyin(page, s, c);
    assert.equal(await page.getByTestId('field-content').inputValue(), '路灯坏了中');
    await page.getByTestId('field-phone').tap();
    await page.locator('[data-testid="keyboard"][data-mode="digits"]').waitFor();
    await typeKeys(page, '051212345678');
    await page.getByTestId('next').tap();
    await page.getByTestId('confirm').waitFor();
    assert.match(await page.getByTestId('summary').innerText(), /人民路/);
    // No identity in a 12345 complaint: no "姓名 —" line.
    assert.ok(!(await page.getByTestId('summary').innerText()).includes('姓名'));
    assert.equal(await page.getByTestId('cancel').innerText(), '取消办理');
    await page.getByTestId('next').tap();
    await page.getByTestId('case-number').waitFor({ timeout: 15_000 });
    await page.getByTestId('take-receipt').waitFor({ timeout: 15_000 });
    // A short, checkable case number on screen and on the receipt (point 6); no empty "申请人：" (point 10).
    const caseNumber = await page.getByTestId('case-number').innerText();
    assert.match(caseNumber, /^[A-Z0-9]{1,4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]$/);
    assert.ok(isValidCaseNumber(caseNumber), caseNumber);
    await withDevPanel(page, async (p) => {
      const printed = await p.getByTestId('sim-last-receipt').innerText();
      assert.ok(printed.includes(`受理编号：${caseNumber}`), printed);
      // The receipt's picture shows its text in a real font, not a black block per character.
      const picture = await p.getByTestId('sim-receipt-picture').innerText();
      assert.ok(picture.includes(`受理编号：${caseNumber}`), picture);
      assert.ok((await p.getByTestId('sim-receipt-picture').locator('img').count()) >= 1, 'the QR code is drawn as a picture');
      assert.ok(!printed.includes('申请人'), printed);
      assert.ok(!printed.includes('?'), printed);
    });
    // After submitting, leaving does not sound like withdrawing the application.
    assert.equal(await page.getByTestId('cancel').innerText(), '返回首页');
    assert.match((await page.getByTestId('cancel').getAttribute('aria-label')) ?? '', /不会撤回/);
    await page.getByTestId('next').tap();
    // Rating rows: the words on the left, then the stars, both from the left edge (not right-aligned).
    await page.getByTestId('evaluate').waitFor();
    const row = (await page.getByTestId('rate-5').boundingBox())!;
    const label = (await page.getByTestId('rate-5').locator('.rating-label').boundingBox())!;
    const stars = (await page.getByTestId('rate-5').locator('.stars').boundingBox())!;
    assert.ok(label.x - row.x < 60 && stars.x > label.x && stars.x + stars.width < row.x + row.width * 0.75, `label at ${label.x}, stars at ${stars.x} in a row at ${row.x}+${row.width}`);
    // Stars fill from the left: 满意 (4) is ★★★★☆, not ☆★★★★.
    const fills = await page.getByTestId('rate-4').locator('.stars svg').evaluateAll((svgs) => svgs.map((s) => s.getAttribute('fill')));
    assert.deepEqual(fills, ['currentColor', 'currentColor', 'currentColor', 'currentColor', 'none']);
    await rateAndFinish(page, 5);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('人工窗口取号: a ticket with number, window and people ahead (out of service outside 08:30–17:30)', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    const m = hallTimeMinutes();
    if (m < 8 * 60 + 30 || m >= 17 * 60 + 30) {
      await page.getByTestId('start').tap();
      await page.getByTestId('service-queue-ticket').tap();
      await page.getByTestId('out-of-service').waitFor();
      assert.match(await page.getByTestId('unavailable').innerText(), /08:30–17:30/);
      await page.context().close();
      return;
    }
    await openService(page, 'queue-ticket');
    await page.getByTestId('field-queue-household').tap();
    await page.getByTestId('next').tap();
    await page.getByTestId('ticket-number').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('ticket-number').innerText(), /^D\d{3}$/);
    assert.match(await page.getByTestId('ticket-window').innerText(), /15号窗口/);
    assert.match(await page.getByTestId('ticket-ahead').innerText(), /您前面还有 \d+ 人/);
    assert.match(await page.getByTestId('ticket-business').innerText(), /户籍证件/);
    const number = await page.getByTestId('ticket-number').innerText();
    // Back, then forward again: the same ticket, not a second one.
    await page.getByTestId('back').tap();
    await page.getByTestId('field-queue-household').waitFor();
    await page.getByTestId('next').tap();
    await page.getByTestId('ticket-number').waitFor();
    assert.equal(await page.getByTestId('ticket-number').innerText(), number);
    // The printed ticket names the chosen business; one ticket was printed.
    await withDevPanel(page, async (p) => {
      const printed = await p.getByTestId('sim-last-receipt').innerText();
      assert.match(printed, /办理业务：户籍证件/);
      assert.ok(printed.includes(number), printed);
    });
    await page.getByTestId('next').tap();
    await page.getByTestId('done').tap();
    await page.getByTestId('home').waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('电子证照亮证: scan the code, masked certificate numbers', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'e-certificate');
    await page.getByTestId('identify').waitFor();
    await scanSample(page, 0);
    await page.getByTestId('next').tap();
    await page.getByTestId('lookup-result').waitFor({ timeout: 15_000 });
    const text = await page.getByTestId('lookup-result').innerText();
    assert.match(text, /老年人优待证/);
    assert.ok(!text.includes('320508195602290013'));
    await page.getByTestId('next').tap();
    await rateAndFinish(page, 5);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
