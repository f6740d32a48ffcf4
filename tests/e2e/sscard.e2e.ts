import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ensurePcscd } from '../../drivers/sscard/sim/pcscd-env.js';
import { openKioskPage } from './support/browser.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { openService, withDevPanel } from './support/kiosk-ui.js';
import type { Page } from 'playwright-core';

// kiosk-test: alone (every e2e host on the machine talks to the one pcscd; see tools/run-tests.mjs)

// The social security card in a social insurance service, inserted through the developer panel:
// through pcscd and vsmartcard's vpcd reader when the machine has them (as a real reader is read),
// and plugged in at the APDU transport inside the host on a machine with only Node and npm.

async function insertSsCard(page: Page, key: string): Promise<string> {
  let via = '';
  await withDevPanel(page, async (p) => {
    await p.getByTestId(`sim-sscard-${key}`).tap();
    via = (await p.getByTestId('sim-sscard-via').innerText()).trim();
  });
  return via;
}

async function pullSsCard(page: Page): Promise<void> {
  await withDevPanel(page, async (p) => {
    await p.getByTestId('sim-remove-sscard').tap();
  });
}

/** 社保缴费记录查询 identified by the social security card, after a bank card was refused. */
async function identifyBySsCard(page: Page, expectVia: RegExp): Promise<void> {
  await openService(page, 'social-insurance-records');
  await page.getByTestId('identify').waitFor();
  await page.getByTestId('sscard-slot').waitFor();
  // A bank card is recognised and refused in plain words; the step keeps waiting.
  assert.match(await insertSsCard(page, 'bank'), expectVia);
  await page.getByTestId('sscard-problem').waitFor({ timeout: 15_000 });
  assert.match(await page.getByTestId('sscard-problem').innerText(), /银行卡/);
  await pullSsCard(page);
  // A blank card likewise.
  await insertSsCard(page, 'blank');
  await page.getByTestId('sscard-problem').filter({ hasText: '空白卡' }).waitFor({ timeout: 15_000 });
  await pullSsCard(page);
  // The holder's card identifies them, masked as the ID card would be.
  await insertSsCard(page, 'ss-wang');
  await page.getByTestId('identity').waitFor({ timeout: 15_000 });
  assert.equal(await page.getByTestId('masked-name').innerText(), '王*');
  assert.equal(await page.getByTestId('masked-id').innerText(), '3205**********0029');
  assert.match(await page.getByTestId('identity').innerText(), /社会保障卡/);
  assert.ok(!(await page.content()).includes('320508199001010029'), 'the full number never reaches the page');
  await page.getByTestId('next').tap();
  await page.getByTestId('lookup-result').waitFor({ timeout: 15_000 });
  assert.match(await page.getByTestId('lookup-result').innerText(), /苏州工业园区星海软件有限公司/);
}

describe('social security card, in-process simulated reader (no pcscd needed)', () => {
  // A port where no vpcd reader listens: the demo cards plug in at the APDU transport.
  const suite = kioskSuite({ config: { devices: { sscardReader: { transport: 'sim', vpcdPort: 35999 } } } });
  it('社保缴费记录查询: a bank and a blank card are refused plainly, the holder card identifies', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await identifyBySsCard(page, /in-process/);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});

const env = await ensurePcscd();
describe('social security card through pcscd + vsmartcard-vpcd', { skip: env.ok ? false : `not run: ${env.reason}` }, () => {
  // vpcd's second slot: other suites' hosts watch the first one, and none of them puts a card there.
  const suite = kioskSuite({ config: { devices: { sscardReader: { transport: 'sim', vpcdPort: 35964 } } } });
  // After the suite's own hook has stopped the host: a pcscd started here is stopped again.
  after(async () => {
    if (env.ok) await env.stop();
  });
  it('社保缴费记录查询: the demo card inserted into vpcd is read through pcscd and identifies the citizen', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await identifyBySsCard(page, /pcscd/);
    await pullSsCard(page);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
