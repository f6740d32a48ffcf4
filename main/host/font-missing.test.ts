import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { KioskConfig } from '../../contracts/config.js';
import type { DeviceStatus } from '../../contracts/devices.js';
import { defaultKeyFilePath } from '../../offline-queue/index.js';
import { Host } from './host.js';

// The CJK font is the document printer's to have: without it the printer is in error and the citizen
// hears that the printer is unavailable (device-offline), never "cannot reach the business system".
test('a missing CJK font: the document printer is error/font-missing and a certificate is refused as device-offline', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-font-missing-'));
  const saved = process.env.KIOSK_CJK_FONT;
  delete process.env.KIOSK_CJK_FONT;
  const host = await Host.create(KioskConfig.parse({ dataDir: dir, documents: { fontPath: join(dir, 'NotoSerifCJK-Regular.ttc') } }));
  try {
    const signal = new AbortController().signal;
    const doc = ((await host.call('devices.list', {}, signal)) as DeviceStatus[]).find((d) => d.kind === 'document-printer');
    assert.equal(doc?.state, 'error');
    assert.equal(doc?.detail, 'font-missing');
    await assert.rejects(host.call('document.print', { serviceId: 'social-insurance-records', title: '社会保险个人缴费记录', lines: [{ label: '参保单位', value: '示例' }] }, signal), (e: { code: string; message: string }) => {
      assert.equal(e.code, 'device-offline');
      assert.match(e.message, /document printer: no CJK font/);
      return true;
    });
  } finally {
    await host.dispose();
    if (saved !== undefined) process.env.KIOSK_CJK_FONT = saved;
    rmSync(dir, { recursive: true, force: true });
    rmSync(defaultKeyFilePath(dir), { force: true });
  }
});
