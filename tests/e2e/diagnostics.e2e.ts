// kiosk-test: long
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { openHostSocket } from '../../main/host/test-support/host-socket.js';
import { hashPin } from '../../main/host/diagnostics/pin-hash.js';
import { launchBrowser, openKioskPage } from './support/browser.js';
import { enterDiagnostics, holdClock, openDocumentCameraTab, typePin } from './support/diagnostics-ui.js';
import { layoutProblems, SIZES } from './support/layout.js';
import { openAt } from './support/screen-walk.js';
import { makeTempDir, removeDir, startKiosk, type KioskProcess } from './support/kiosk-process.js';
import { typeKeys, typePinyin, withDevPanel } from './support/kiosk-ui.js';
import { createFileKeyStore, defaultKeyFilePath, openOutbox } from '../../offline-queue/index.js';

const PIN = '246810';

/** Every `1 0 0 1 x y cm` translation (pdfkit's `translate`) in the PDF's deflated content streams. */
function translations(pdf: Buffer): number[][] {
  const text = pdf.toString('latin1');
  const out: number[][] = [];
  for (const m of text.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue; // not a deflated stream (fonts are deflated too, but hold no "cm")
    }
    for (const t of content.matchAll(/1 0 0 1 (-?[\d.]+) (-?[\d.]+) cm/g)) out.push([Number(t[1]), Number(t[2])]);
  }
  return out;
}

function printedPdfs(dataDir: string): string[] {
  const dir = join(dataDir, 'documents', 'printed');
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((f) => f.endsWith('.pdf'))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
}

/** One request over the browser host's socket, sent the way our page sends it (origin and boot secret). */
async function rawCall(port: number, method: string, params: unknown): Promise<{ ok: boolean; error?: { code: string } }> {
  const ws = await openHostSocket(`http://127.0.0.1:${port}/`);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (ws.close(), reject(new Error('no answer in 20 s'))), 20_000);
    ws.send(JSON.stringify({ type: 'request', id: 'x1', method, params }));
    ws.on('message', (d: Buffer) => {
      const m = JSON.parse(d.toString()) as { type: string; id?: string; ok: boolean; error?: { code: string } };
      if (m.type !== 'response' || m.id !== 'x1') return;
      clearTimeout(timer);
      ws.close();
      resolve(m);
    });
    ws.on('error', (e) => (clearTimeout(timer), reject(e)));
  });
}

describe('diagnostics mode: gesture + PIN, health checks with faults, raw console, calibration, audit, lock-out', () => {
  let browser: Browser;
  let kiosk: KioskProcess;
  const dir = makeTempDir();
  const dataDir = join(dir, 'data');

  /** Two submissions the back end refused for good (dead letters), put there before the kiosk starts. */
  let deadIds: string[] = [];

  before(async () => {
    const outbox = await openOutbox({ dataDir, kioskId: 'kiosk-dev-01', keyStore: createFileKeyStore(defaultKeyFilePath(dataDir)) });
    try {
      for (let i = 0; i < 2; i++) outbox.enqueue('household-proof', { data: { purpose: 'school', copies: i + 1 } });
      deadIds = outbox.claimDue(10).map((c) => c.id);
      outbox.settle(deadIds.map((id) => ({ id, kind: 'dead' as const, error: 'http 422: rejected by the back end' })));
    } finally {
      outbox.close();
    }
    // The reader is "unplugged": a serial port that does not exist. Everything else is simulated.
    const pinHash = await hashPin(PIN, { N: 1024, r: 8, p: 1 });
    kiosk = await startKiosk({
      dir,
      config: {
        devices: { idCardReader: { transport: 'serial', path: '/dev/kiosk-e2e-no-such-reader' }, documentCamera: { label: 'E2E Doc Cam', deviceId: 'e2e-doccam-0', width: 2592, height: 1944 } },
        diagnostics: { pinHash },
      },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await kiosk?.stop();
    removeDir(dir);
  });

  it('refuses diagnostics requests without a session token', async () => {
    const r = await rawCall(kiosk.port, 'diag.devices', { token: 'x'.repeat(43) });
    assert.equal(r.ok, false);
    assert.equal(r.error?.code, 'forbidden');
    const s = await rawCall(kiosk.port, 'diag.system', {});
    assert.equal(s.ok, false);
    assert.equal(s.error?.code, 'bad-request');
  });

  it('enters with the gesture and PIN; health checks show the unplugged reader and the printer out of paper', async () => {
    const { page, errors } = await openKioskPage(browser, kiosk.url);
    await page.getByTestId('attract').waitFor();
    // Paper out on the simulated receipt printer, through the developer panel.
    await withDevPanel(page, async (p) => {
      await p.getByTestId('sim-paper-out').tap();
    });
    // Five taps on the hall name are the developer panel, not diagnostics.
    assert.equal(await page.getByTestId('diag-pin').count(), 0);
    await holdClock(page);
    await typePin(page, PIN);
    await page.getByTestId('diag-screen').waitFor();

    await page.locator('[data-testid="diag-state-idcard-reader"][data-state="offline"]').waitFor();
    // Device names and states in the technician's language (Chinese first).
    assert.match(await page.getByTestId('diag-device-idcard-reader').locator('h3').innerText(), /身份证阅读器 idcard-reader 离线/);
    await page.getByTestId('diag-check-idcard-reader-internal').tap();
    const reader = page.getByTestId('diag-health-idcard-reader');
    await reader.waitFor();
    assert.equal(await reader.getAttribute('data-ok'), 'false');
    assert.equal(await reader.getAttribute('data-action'), 'reconnect');
    assert.match(await page.getByTestId('diag-last-error-idcard-reader').innerText(), /检查连接线与电源/);

    await page.getByTestId('diag-check-receipt-printer-internal').tap();
    const printer = page.getByTestId('diag-health-receipt-printer');
    await printer.waitFor({ timeout: 20_000 });
    assert.equal(await printer.getAttribute('data-ok'), 'false');
    assert.equal(await printer.getAttribute('data-action'), 'maintenance');
    assert.match(await printer.innerText(), /paper-end/);
    // The external test really prints the test page: out of paper, it fails with the printer's code.
    await page.getByTestId('diag-check-receipt-printer-external').tap();
    const printTest = page.locator('[data-testid="diag-test-receipt-printer"][data-state="failed"]');
    await printTest.waitFor({ timeout: 20_000 });
    assert.match(await printTest.innerText(), /^测试未通过：paper-end/);
    await page.locator('[data-testid="diag-state-receipt-printer"][data-state="error"]').waitFor();

    // The scanner's external test waits for one scan, with a countdown and a cancel; only length and symbology show.
    await page.getByTestId('diag-check-scanner-external').tap();
    assert.match(await page.getByTestId('diag-test-countdown-scanner').innerText(), /^剩余 \d+ 秒$/);
    await page.getByTestId('diag-test-cancel-scanner').tap();
    assert.equal(await page.locator('[data-testid="diag-test-scanner"][data-state="cancelled"]').innerText(), '测试已取消');
    await page.getByTestId('diag-check-scanner-external').tap();
    await page.getByTestId('diag-test-countdown-scanner').waitFor();
    const scanned = page.locator('[data-testid="diag-test-scanner"][data-state="done"]');
    // The page shows the countdown before the host has armed the scanner: scan until it is taken.
    for (let i = 0; i < 40 && (await scanned.count()) === 0; i++) {
      assert.equal((await rawCall(kiosk.port, 'sim.scan', { data: 'SECRET-CODE-42' })).ok, true);
      await scanned.waitFor({ timeout: 500 }).catch((e: unknown) => assert.match(String(e), /Timeout/));
    }
    assert.match(await scanned.innerText(), /^扫码成功：14 字节/);
    assert.ok(!(await scanned.innerText()).includes('SECRET'), 'no scan content on screen');

    for (const id of ['scanner', 'document-printer']) {
      for (const level of id === 'scanner' ? (['internal'] as const) : (['internal', 'external'] as const)) {
        await page.getByTestId(`diag-check-${id}-${level}`).tap();
        const r = page.locator(`[data-testid="diag-health-${id}"]`, { hasText: `${level === 'internal' ? '内部自检' : '外部测试'}:` });
        await r.waitFor({ timeout: 20_000 });
        assert.equal(await r.getAttribute('data-ok'), 'true', `${id} ${level}`);
        assert.equal(await r.getAttribute('data-action'), 'none');
      }
    }
    assert.match(await page.getByTestId('diag-events').innerText(), /凭条打印机: 故障 \(paper-end\)/);

    // Raw console: DLE EOT 1–4 to the printer, decoded by the ESC/POS status codec.
    await page.getByTestId('diag-tab-console').tap();
    await page.getByTestId('diag-raw-device-receipt-printer').tap();
    await page.getByTestId('diag-raw-preset-DLE').tap();
    await page.getByTestId('diag-raw-send').tap();
    await page.getByTestId('diag-raw-decoded').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('diag-raw-reply').innerText(), '1A 32 12 7E');
    const decoded = await page.getByTestId('diag-raw-decoded').innerText();
    assert.match(decoded, /DLE EOT 4 → 7E: paper near end, paper end/);
    assert.match(decoded, /DLE EOT 2 → 32: .*printing stopped: paper end/);
    // The unplugged reader has no raw console.
    await page.getByTestId('diag-raw-device-idcard-reader').tap();
    await page.getByTestId('diag-raw-preset-11').tap();
    await page.getByTestId('diag-raw-send').tap();
    assert.match(await page.getByTestId('diag-raw-error').innerText({ timeout: 20_000 }), /offline/);
    await page.getByTestId('diag-exit').tap();
    await page.getByTestId('diag-screen').waitFor({ state: 'detached' });
    await page.getByTestId('attract').waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('calibrates: print at the saved offset, adjust in 0.1 mm, save, reprint → the printed PDF moves', async () => {
    const { page, errors } = await openKioskPage(browser, kiosk.url);
    await page.getByTestId('attract').waitFor();
    await holdClock(page);
    await typePin(page, PIN);
    await page.getByTestId('diag-tab-documents').tap();
    assert.equal(await page.getByTestId('diag-cal-A4-x').innerText(), '0.0 mm');
    await page.getByTestId('diag-cal-A4-print').tap();
    await page.getByTestId('diag-cal-A4-note').filter({ hasText: /作业|job/ }).waitFor({ timeout: 60_000 });
    for (let i = 0; i < 3; i++) await page.getByTestId('diag-cal-A4-x-plus').tap();
    await page.getByTestId('diag-cal-A4-y-minus').tap();
    assert.equal(await page.getByTestId('diag-cal-A4-x').innerText(), '0.3 mm');
    assert.equal(await page.getByTestId('diag-cal-A4-y').innerText(), '-0.1 mm');
    await page.getByTestId('diag-cal-A4-save').tap();
    await page.getByTestId('diag-cal-A4-note').filter({ hasText: '已保存' }).waitFor();
    // Saving A4 says nothing about A3.
    assert.equal(await page.getByTestId('diag-cal-A4-saved').innerText(), '已保存');
    assert.equal(await page.getByTestId('diag-cal-A3-saved').innerText(), '当前生效值');
    assert.deepEqual(JSON.parse(readFileSync(join(dataDir, 'calibration.json'), 'utf8')), { A3: { xMm: 0, yMm: 0 }, A4: { xMm: 0.3, yMm: -0.1 } });
    await page.getByTestId('diag-cal-A4-print').tap();
    await page.getByTestId('diag-cal-A4-note').filter({ hasText: /作业|job/ }).waitFor({ timeout: 60_000 });

    const pdfs = printedPdfs(dataDir);
    assert.equal(pdfs.length, 2);
    const mm = (v: number) => (v * 72) / 25.4;
    const near = (list: number[][], x: number, y: number) => list.some(([a, b]) => Math.abs(a! - x) < 0.01 && Math.abs(b! - y) < 0.01);
    const first = translations(readFileSync(pdfs[0]!));
    const second = translations(readFileSync(pdfs[1]!));
    // At 0/0 pdfkit writes no translation at all (or an identity one).
    assert.ok(first.every(([x, y]) => Math.abs(x!) < 0.01 && Math.abs(y!) < 0.01), `first sheet at 0/0: ${JSON.stringify(first)}`);
    assert.ok(near(second, mm(0.3), mm(-0.1)), `second sheet moved 0.3 right, 0.1 up: ${JSON.stringify(second)}`);

    // Leaving returns to the attract screen; the saved offsets are shown on the next visit.
    await page.getByTestId('diag-exit').tap();
    await page.getByTestId('diag-screen').waitFor({ state: 'detached' });
    await page.getByTestId('attract').waitFor();
    await holdClock(page);
    await typePin(page, PIN);
    await page.getByTestId('diag-tab-documents').tap();
    assert.equal(await page.getByTestId('diag-cal-A4-x').innerText(), '0.3 mm');
    assert.equal(await page.getByTestId('diag-cal-A4-saved').innerText(), '当前生效值');
    // The header names the kiosk.
    assert.match(await page.getByTestId('diag-kiosk-id').innerText(), /终端编号 \S+/);

    // The audit log, as the system tab shows it.
    await page.getByTestId('diag-tab-system').tap();
    await page.getByTestId('diag-system').waitFor({ timeout: 20_000 });
    assert.match(await page.getByTestId('diag-disk').innerText(), /^可用 [\d.]+ GB，共 [\d.]+ GB/);
    const config = await page.getByTestId('diag-config').textContent();
    // The config view shows the saved calibration, not the file's 0/0.
    const shownCal = (JSON.parse(config ?? '{}') as { documents: { calibration: unknown } }).documents.calibration;
    assert.deepEqual(shownCal, { A3: { xMm: 0, yMm: 0 }, A4: { xMm: 0.3, yMm: -0.1 } });
    assert.ok(config?.includes('(hidden)') && !config.includes('scrypt$'), 'secrets hidden');
    const audit = await page.getByTestId('diag-audit').innerText();
    for (const action of ['enter', 'exit', 'health-internal', 'health-external', 'test-external', 'raw-send', 'calibration-print', 'calibration-save']) assert.match(audit, new RegExp(`\\b${action}\\b`), action);
    await page.getByTestId('diag-exit').tap();
    await page.getByTestId('diag-screen').waitFor({ state: 'detached' });
    await page.getByTestId('attract').waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('queue: a dead item discarded with a reason and the rest exported, all on the on-screen keyboard', async () => {
    assert.equal(deadIds.length, 2);
    const { page, errors } = await openKioskPage(browser, kiosk.url);
    await page.getByTestId('attract').waitFor();
    await holdClock(page);
    await typePin(page, PIN);
    await page.getByTestId('diag-screen').waitFor();
    await page.getByTestId('diag-tab-queue').tap();
    assert.equal(await page.getByTestId('diag-queue-dead').innerText(), '2');

    // The reason, in Chinese, by pinyin on the kiosk's keyboard (no USB keyboard on site).
    await page.getByTestId(`diag-dead-reason-${deadIds[0]}`).tap();
    await page.getByTestId('keyboard').waitFor();
    assert.equal(await page.getByTestId('keyboard').getAttribute('data-mode'), 'pinyin');
    await typePinyin(page, 'chong', '重');
    await typePinyin(page, 'fu', '复');
    await typePinyin(page, 'ti', '提');
    await typePinyin(page, 'jiao', '交');
    assert.equal(await page.getByTestId(`diag-dead-reason-${deadIds[0]}`).inputValue(), '重复提交');
    await page.getByTestId(`diag-dead-discard-${deadIds[0]}`).tap();
    await page.getByTestId(`diag-dead-${deadIds[0]}`).waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('diag-queue-dead').innerText(), '1');

    // The export passphrase in letters and digits.
    await page.getByTestId('diag-export-passphrase').tap();
    await page.getByTestId('keyboard').waitFor();
    assert.equal(await page.getByTestId('keyboard').getAttribute('data-mode'), 'latin');
    await typeKeys(page, 'KIOSK2026');
    await page.getByTestId('diag-export-dead').tap();
    const note = await page.getByTestId('diag-queue-note').innerText();
    const file = /(\/\S+\.okx\.json)/.exec(note)?.[1];
    assert.ok(file, note);
    const out = join(dir, 'opened.json');
    execFileSync(process.execPath, ['tools/kiosk-diag.mjs', 'decrypt-export', '--in', file, '--out', out], { env: { ...process.env, KIOSK_EXPORT_PASSPHRASE: 'KIOSK2026' } });
    const opened = JSON.parse(readFileSync(out, 'utf8')) as { items: { id: string }[] };
    assert.deepEqual(opened.items.map((x) => x.id), [deadIds[1]]);
    await page.getByTestId('diag-exit').tap();
    await page.getByTestId('diag-screen').waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('document camera tab: label, device id, resolution, OpenCV worker started and timed; at every screen size and mode', { timeout: 300_000 }, async () => {
    // One entry per mode (the elderly toggle and the language are on the attract screen), each size by resizing.
    for (const [mode, locale] of [['standard', 'zh-CN'], ['elderly', 'en']] as const) {
      const { context, page } = await openAt(browser, kiosk.url, SIZES[0], mode, locale);
      try {
        await enterDiagnostics(page, PIN);
        const cam = await openDocumentCameraTab(page);
        assert.equal(cam.state, 'ready', JSON.stringify(cam));
        assert.deepEqual([cam.label, cam.deviceId, cam.resolution, cam.workerStarted], ['E2E Doc Cam', 'e2e-doccam-0', '2592×1944', 'true']);
        assert.match(cam.worker, locale === 'en' ? /^started in \d+ ms$/ : /^已启动，用时 \d+ 毫秒$/);
        assert.equal(await page.getByTestId('diag-tab-document-camera').innerText(), locale === 'en' ? 'Document camera' : '高拍仪');
        for (const size of SIZES) {
          await page.setViewportSize({ width: size.width, height: size.height });
          const problems = await layoutProblems(page, mode);
          assert.deepEqual(problems, [], `${size.name} ${mode} ${locale}:\n  ${problems.join('\n  ')}`);
        }
        await page.getByTestId('diag-exit').tap();
        await page.getByTestId('diag-screen').waitFor({ state: 'detached' });
      } finally {
        await context.close();
      }
    }
  });

  it('locks entry after five wrong PINs, across a reload; everything is in the audit table', async () => {
    const { page, errors } = await openKioskPage(browser, kiosk.url);
    await page.getByTestId('attract').waitFor();
    await holdClock(page);
    for (let i = 1; i <= 5; i++) {
      await typePin(page, '1111');
      // One language: the technician's (the host's English reason goes to the audit log only).
      await page.getByTestId('diag-pin-error').filter({ hasText: 'PIN 码不正确' }).waitFor();
      if (i < 5) await page.getByTestId('diag-attempts').filter({ hasText: `还可尝试 ${5 - i} 次` }).waitFor();
      assert.equal(await page.getByTestId('diag-pin-error').innerText(), 'PIN 码不正确', 'one line, in Chinese (no English host reason)');
    }
    await page.getByTestId('diag-locked').waitFor();
    await page.reload();
    await page.getByTestId('attract').waitFor();
    await holdClock(page);
    await page.getByTestId('diag-locked').waitFor();
    await page.getByTestId('diag-key-clear').tap();
    for (const d of PIN) await page.getByTestId(`diag-key-${d}`).tap();
    assert.equal(await page.getByTestId('diag-pin-enter').isDisabled(), true);
    // Not even the right PIN through the socket.
    const r = await rawCall(kiosk.port, 'diag.enter', { pin: PIN });
    assert.equal(r.error?.code, 'forbidden');
    await page.getByTestId('diag-pin-cancel').tap();
    assert.deepEqual(errors, []);
    await page.context().close();

    const db = new Database(join(dataDir, 'diagnostics.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT action, ok, detail FROM audit ORDER BY seq').all() as { action: string; ok: number; detail: string }[];
      const count = (action: string, ok: number) => rows.filter((x) => x.action === action && x.ok === ok).length;
      assert.equal(count('enter', 1), 6);
      assert.equal(count('exit', 1), 6);
      assert.equal(rows.filter((x) => x.action === 'health-internal' && x.detail === 'document-camera; ok ready').length, 2);
      assert.ok(rows.some((x) => x.action === 'queue-discard' && x.ok === 1 && x.detail.endsWith(': 重复提交')));
      assert.ok(rows.some((x) => x.action === 'queue-export' && x.ok === 1 && /^1 items to /.test(x.detail)));
      assert.ok(count('enter', 0) >= 6, 'five wrong PINs and the refusals while locked');
      assert.ok(rows.some((x) => x.action === 'enter' && /entry locked until/.test(x.detail)));
      assert.ok(rows.some((x) => x.action === 'raw-send' && x.detail.startsWith('receipt-printer: 10 04 01')));
      assert.ok(!rows.some((x) => x.detail.includes(PIN) || x.detail.includes('1111')), 'no PIN in the audit log');
    } finally {
      db.close();
    }
  });
});
