import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openKioskPage } from './support/browser.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { identifyWithCard, openService, rateAndFinish, typeKeys } from './support/kiosk-ui.js';

describe('offline: the back end is unreachable', () => {
  // Port 9 on loopback: connection refused, as when the hall's network is down.
  const suite = kioskSuite({ config: { backend: { url: 'http://127.0.0.1:9' }, ui: { idleTimeoutSec: 120 } } });

  it('a lookup says so in plain words with what to do next', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'social-insurance-records');
    await identifyWithCard(page, 'wang');
    await page.getByTestId('step-error').waitFor({ timeout: 20_000 });
    assert.match(await page.getByTestId('step-error').innerText(), /暂时连不上业务系统.*人工窗口/);
    assert.equal(await page.getByTestId('retry').count(), 1);
    await page.getByTestId('cancel').tap();
    await page.getByTestId('home').waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('an application is saved on the kiosk, with a receipt and the case number; the rating is queued too', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'household-proof');
    await identifyWithCard(page, 'ouyang');
    await page.getByTestId('field-purpose-property').tap();
    await page.getByTestId('field-copies').tap();
    await typeKeys(page, '1');
    await page.getByTestId('field-phone').tap();
    await typeKeys(page, '13800138000');
    await page.getByTestId('next').tap();
    await page.getByTestId('next').tap();
    await page.getByTestId('saved-offline').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('saved-offline').innerText(), /已安全保存在本机/);
    await page.getByTestId('take-receipt').waitFor({ timeout: 15_000 });
    await page.getByTestId('queue-indicator').waitFor();
    await page.getByTestId('next').tap();
    await rateAndFinish(page, 4);
    assert.match(await page.getByTestId('queue-indicator').innerText(), /2/);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
