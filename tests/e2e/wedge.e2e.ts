import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openKioskPage } from './support/browser.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { openService } from './support/kiosk-ui.js';

// A keyboard-wedge scanner types its code as key presses a few ms apart, ending with Enter.
// Playwright's keyboard sends real key events, paced like the scanner or like a person.
describe('keyboard-wedge scanner in the UI', () => {
  // 150 ms: a loaded CI machine can stall Playwright's key events that long mid-burst; a person's
  // 250 ms between keys is still well apart from it.
  const suite = kioskSuite({ config: { devices: { scanner: { transport: 'keyboard', maxInterKeyMs: 150 } } } });

  it('slow human typing is not a scan; a scanner burst identifies the citizen', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'e-certificate');
    await page.getByTestId('identify').waitFor();
    // A person typing: 250 ms between keys. Nothing may be taken as a scan.
    await page.keyboard.type('https://zwfw.example.gov.cn/qr/3205-0001', { delay: 250 });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    assert.equal(await page.getByTestId('identity').count(), 0, 'typing was taken for a scan');
    // The scanner: 4 ms between keys, Enter suffix.
    await page.keyboard.type('https://zwfw.example.gov.cn/qr/3205-0001', { delay: 4 });
    await page.keyboard.press('Enter');
    await page.getByTestId('identity').waitFor({ timeout: 15_000 });
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('a burst never leaks into a focused text field, while typing there still works', async () => {
    const { page } = await openKioskPage(suite.browser, suite.kiosk.url);
    await page.getByTestId('attract').waitFor();
    await page.getByTestId('hall-name').getByText('24小时自助服务厅').waitFor(); // connected: settings known
    // Any focused field will do: one made on the page, since kiosk forms use the on-screen keyboard.
    // (A string: this runs in the page, and the Node-side tsconfig has no DOM types.)
    await page.evaluate("const i = document.createElement('input'); i.id = 'probe'; document.body.append(i); i.focus();");
    await page.keyboard.type('SCAN0123456789', { delay: 3 });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    assert.equal(await page.inputValue('#probe'), '', `the scanner burst leaked into the field: ${await page.inputValue('#probe')}`);
    await page.keyboard.type('abc', { delay: 250 });
    await page.waitForTimeout(300);
    assert.equal(await page.inputValue('#probe'), 'abc');
    await page.context().close();
  });
});
