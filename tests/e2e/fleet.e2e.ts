// The fleet end to end: `npm run host` with a `fleet:` config connects to a ThingsBoard stand-in;
// the operator's out-of-service notice and a remote config reach the screen; `kiosk-diag fleet
// status` reads the running kiosk; SIGTERM still stops it cleanly.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { ThingsBoardStandIn } from '../../main/host/fleet/test-support/thingsboard-stand-in.js';
import { launchBrowser, openKioskPage } from './support/browser.js';
import { holdClock, typePin } from './support/diagnostics-ui.js';
import { makeTempDir, removeDir, startKiosk, type KioskProcess } from './support/kiosk-process.js';

const DEVICE = 'hall-05-k02';

describe('fleet: the browser host as a ThingsBoard device', () => {
  let tb: ThingsBoardStandIn;
  let kiosk: KioskProcess;
  let browser: Browser;
  let dir: string;

  before(async () => {
    tb = new ThingsBoardStandIn({ tokens: { 'e2e-token': DEVICE } });
    await tb.start();
    dir = makeTempDir();
    // The file names a broker that is not there; KIOSK_FLEET_URL points at the stand-in (docs/protocol.md §5).
    kiosk = await startKiosk({ dir, config: { kioskId: DEVICE, fleet: { url: 'mqtt://127.0.0.1:1', accessToken: 'e2e-token', telemetrySec: 5 } }, env: { KIOSK_FLEET_URL: tb.url } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await kiosk?.kill();
    await tb?.stop();
    if (dir) removeDir(dir);
  });

  it('reports telemetry, shows the operator notice in both languages and a remote config, and tells kiosk-diag', { timeout: 90_000 }, async () => {
    await tb.waitFor(() => tb.telemetry(DEVICE).some((t) => 'device.idCardReader' in t.values), 20_000, 'telemetry');
    const { page, errors } = await openKioskPage(browser, kiosk.url);
    await page.getByTestId('attract').waitFor({ timeout: 20_000 });

    const on = await tb.rpc(DEVICE, 'setOutOfService', { on: true, message: '系统升级，10:30 恢复 / Upgrade until 10:30' });
    assert.equal(on.ok, true);
    const notice = page.getByTestId('operator-out-of-service');
    await notice.waitFor({ timeout: 10_000 });
    const text = await notice.innerText();
    assert.match(text, /本机暂停服务/);
    assert.match(text, /out of service/);
    assert.match(text, /10:30 恢复/);
    // The renderer reported the screen it shows.
    let screen: unknown = null;
    for (let i = 0; i < 40 && screen !== 'out-of-service'; i++) {
      screen = ((await tb.rpc(DEVICE, 'getStatus')).telemetry as Record<string, unknown>).screen;
      if (screen !== 'out-of-service') await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(screen, 'out-of-service');
    await tb.rpc(DEVICE, 'setOutOfService', { on: false });
    await notice.waitFor({ state: 'detached', timeout: 10_000 });

    tb.pushShared(DEVICE, { kioskConfig: { hall: { name: '城西便民服务中心' } } });
    await tb.waitFor(() => (tb.clientAttributes(DEVICE).kioskConfigState as { state?: string } | undefined)?.state === 'applied', 10_000, 'applied');
    await page.getByText('城西便民服务中心').first().waitFor({ timeout: 10_000 });

    // The Fleet tab in diagnostics; the screen telemetry follows the technician in and out.
    await holdClock(page);
    await typePin(page, '000000');
    await page.getByTestId('diag-tab-fleet').tap();
    const tab = page.getByTestId('diag-fleet');
    await tab.waitFor({ timeout: 10_000 });
    assert.equal(await tab.getAttribute('data-connected'), 'true');
    assert.match(await tab.innerText(), /applied/);
    let diagScreen: unknown = null;
    for (let i = 0; i < 40 && diagScreen !== 'diagnostics'; i++) {
      diagScreen = ((await tb.rpc(DEVICE, 'getStatus')).telemetry as Record<string, unknown>).screen;
      if (diagScreen !== 'diagnostics') await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(diagScreen, 'diagnostics');
    await page.getByTestId('diag-exit').tap();
    assert.deepEqual(errors, []);

    const diag = spawnSync(process.execPath, ['tools/kiosk-diag.mjs', 'fleet', 'status', '--config', join(dir, 'kiosk.yaml'), '--json'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, KIOSK_FLEET_URL: tb.url } });
    assert.equal(diag.status, 0, diag.stderr);
    const s = JSON.parse(diag.stdout) as Record<string, unknown>;
    assert.equal(s.connected, true);
    assert.equal(s.tokenPresent, true);
    assert.equal((s.remoteConfig as { state: string }).state, 'applied');
    assert.equal((s.lastCommand as { method: string }).method, 'getStatus');

    assert.equal(await kiosk.stop(), 0, kiosk.output());
  });
});
