import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openKioskPage } from './support/browser.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { identifyWithCard, openService, rateAndFinish, scanSample } from './support/kiosk-ui.js';

/** The confusing moments a citizen met, in a hall whose zone is not the machine's. */
describe('what a citizen meets: plain messages, honest reminders, hall time', () => {
  const suite = kioskSuite({ config: { hall: { timeZone: 'Asia/Urumqi' }, ui: { idleTimeoutSec: 120 } } });

  it('card-or-code step: a code that is no identity code gets the plain message at once, then a right code identifies', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'social-insurance-records');
    await page.getByTestId('read-countdown').waitFor();
    await scanSample(page, 1); // a business licence code, not an e-government identity code
    assert.match(await page.getByTestId('identify-error').innerText(), /不是有效的政务服务码/);
    await scanSample(page, 0); // 欧阳晓明's e-government code
    await page.getByTestId('identity').waitFor({ timeout: 15_000 });
    // The retired citizen's empty contribution table is explained, not left blank.
    await page.getByTestId('next').tap();
    await page.getByTestId('lookup-result').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('lookup-no-rows').innerText(), /已退休领取养老金的人员不再缴费/);
    await page.getByTestId('next').tap();
    // The optional receipt is offered; skip it.
    await page.getByTestId('skip').tap();
    await rateAndFinish(page, 5);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('the done screen asks only a card user to take their card', async () => {
    const { page } = await openKioskPage(suite.browser, suite.kiosk.url);
    // By QR code: no card to take.
    await openService(page, 'housing-fund-balance');
    await page.getByTestId('read-countdown').waitFor();
    await scanSample(page, 0);
    await page.getByTestId('identity').waitFor({ timeout: 15_000 });
    await page.getByTestId('next').tap();
    await page.getByTestId('lookup-result').waitFor({ timeout: 15_000 });
    await page.getByTestId('next').tap();
    await page.getByTestId('skip').tap();
    await page.getByTestId('evaluate').waitFor();
    await page.getByTestId('skip').tap();
    await page.getByTestId('done-step').waitFor();
    assert.ok(!(await page.getByTestId('done-step').innerText()).includes('身份证'));
    await page.getByTestId('done').tap();
    // By card: reminded.
    await openService(page, 'housing-fund-balance');
    await identifyWithCard(page, 'wang');
    await page.getByTestId('lookup-result').waitFor({ timeout: 15_000 });
    await page.getByTestId('next').tap();
    await page.getByTestId('skip').tap();
    await page.getByTestId('evaluate').waitFor();
    await page.getByTestId('skip').tap();
    assert.match(await page.getByTestId('done-step').innerText(), /请取回您的身份证/);
    await page.context().close();
  });

  it('the header clock shows the hall’s configured zone, not the machine’s', async () => {
    const { page } = await openKioskPage(suite.browser, suite.kiosk.url);
    await page.getByTestId('hall-name').getByText('24小时自助服务厅').waitFor();
    const hall = (zone: string) => new Date().toLocaleTimeString('zh-CN', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    // Readings before and after the page's one, in case a minute turns over in between.
    const before = hall('Asia/Urumqi');
    const shown = await page.locator('[data-testid="clock"] .clock-time').innerText();
    assert.ok([before, hall('Asia/Urumqi')].includes(shown), `clock ${shown}, Urumqi ${before}`);
    assert.notEqual(shown, hall('Asia/Shanghai'), 'Beijing time (UTC+8), not the hall zone (UTC+6)');
    // The English help points to the elderly-mode button where it is: in the blue bar at the top.
    await page.getByTestId('lang-switch').tap();
    await page.getByTestId('help-open').tap();
    assert.match(await page.getByTestId('help').innerText(), /“Elderly mode” in the blue bar at the top/);
    await page.context().close();
  });
});
