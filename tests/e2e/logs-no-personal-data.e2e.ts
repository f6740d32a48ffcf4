// No log contains personal data: a real flow with every `kiosk:*` debug namespace on —
// card read through the UI, form with a phone number, submission, receipt, rating — then every
// log file and the captured stdout/stderr are searched for the demo cards' names, ID numbers and
// addresses, and for the phone number typed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_CARDS } from '../../drivers/sim/demo-cards.js';
import { launchBrowser, openKioskPage } from './support/browser.js';
import { submitHouseholdProof } from './support/household-proof.js';
import { rateAndFinish } from './support/kiosk-ui.js';
import { makeTempDir, removeDir, startKiosk, type KioskProcess } from './support/kiosk-process.js';

const PHONE = '13912345678';

describe('logs: structured, rotated, no personal data', () => {
  let browser: Browser;
  let kiosk: KioskProcess;
  const dir = makeTempDir('kiosk-logs-');

  before(async () => {
    kiosk = await startKiosk({
      dir,
      // Small files so the run rotates; every namespace on, mirrored to stderr.
      config: { ui: { idleTimeoutSec: 120, idleWarningSec: 10 }, logging: { maxFileBytes: 8192, maxFiles: 3 }, heartbeat: { intervalMin: 0.02 } },
      env: { DEBUG: 'kiosk:*' },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await kiosk?.stop();
    removeDir(dir);
  });

  it('a full flow leaves JSON-lines logs that hold no name, ID number, address or phone number', async () => {
    const { page, errors } = await openKioskPage(browser, kiosk.url);
    const caseNumber = await submitHouseholdProof(page, 'ouyang', PHONE);
    assert.ok(caseNumber.length > 8);
    await page.getByTestId('take-receipt').waitFor({ timeout: 15_000 });
    await page.getByTestId('next').tap();
    await rateAndFinish(page, 5);
    assert.deepEqual(errors, []);
    await page.context().close();
    assert.equal(await kiosk.stop(), 0);

    const logDir = join(dir, 'data', 'logs');
    const files = readdirSync(logDir).map((f) => join(logDir, f));
    assert.ok(files.some((f) => f.endsWith('kiosk.log')), `log files: ${files.join(', ')}`);
    assert.ok(files.length >= 2, 'the log rotated at 8 KiB');
    assert.ok(files.length <= 3, 'at most maxFiles files');
    const texts = files.map((f) => readFileSync(f, 'utf8'));
    const records = texts.flatMap((t) => t.split('\n').filter(Boolean)).map((l) => JSON.parse(l) as { ts: string; level: string; ns: string; msg: string });
    assert.ok(records.length > 20, `only ${records.length} records`);
    for (const r of records) assert.ok(r.ts && r.level && r.ns && typeof r.msg === 'string', JSON.stringify(r));
    assert.ok(records.some((r) => r.ns === 'kiosk:idcard' || r.ns.startsWith('kiosk:idcard')), 'the card read was logged (masked)');
    assert.ok(records.some((r) => r.ns === 'kiosk:heartbeat'), 'heartbeats were logged');

    const haystacks = [...texts.map((t, i) => ({ name: files[i]!, text: t })), { name: 'stdout+stderr', text: kiosk.output() }];
    const needles = [...DEMO_CARDS.flatMap((c) => [c.card.name, c.card.idNumber, c.card.address, c.card.englishName]), PHONE].filter((n): n is string => !!n && n.length >= 2);
    for (const h of haystacks) {
      for (const n of needles) assert.ok(!h.text.includes(n), `${h.name} contains personal data (${n.slice(0, 1)}…)`);
    }
  });
});
