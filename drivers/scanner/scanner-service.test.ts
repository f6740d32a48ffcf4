import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { isKioskErrorLike } from '../../contracts/errors.js';
import { HidPosAssembler, splitIntoReports } from './codecs/hid-pos.js';
import { createScanner } from './index.js';
import { ScannerDevice } from './scanner-service.js';
import { ACCESS_IS_LAYOUT, NEWLAND_LAYOUT } from './codecs/hid-pos-layouts.js';
import { ACCESS_IS_DESCRIPTOR, NEWLAND_DESCRIPTOR } from './sim/hid-pos-devices.js';
import { SimHidPosTransport } from './sim/hid-pos-scanner-sim.js';
import { startPtyScannerSim, type PtyScannerSim } from './sim/scanner-sim.js';
import { MemoryScanTransport } from './transports/memory-scan-transport.js';
import { SerialScanTransport } from './transports/serial-scan-transport.js';
import type { ScanTransport } from './transports/scan-transport.js';
import { NO_PTY, ptyPairAvailable } from '../core/sim/pty-pair.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function ptySetup(opts: { interByteTimeoutMs?: number } = {}): Promise<{ sim: PtyScannerSim; scanner: ScannerDevice }> {
  const sim = await startPtyScannerSim();
  const scanner = new ScannerDevice('s', { transport: new SerialScanTransport(sim.devicePath, 9600), source: 'serial', ...opts });
  cleanups.push(async () => {
    await scanner.dispose();
    await sim.close();
  });
  await scanner.open();
  assert.equal(scanner.status().state, 'ready');
  return { sim, scanner };
}

test('ASCII, UTF-8 and GB18030 scans over a pty arrive intact, with every suffix', { skip: ptyPairAvailable() ? false : NO_PTY }, async () => {
  // Every case ends with a suffix; a wide gap keeps a loaded CI machine's scheduling pauses between
  // chunks from ending a scan early (the gap itself is tested below).
  const { sim, scanner } = await ptySetup({ interByteTimeoutMs: 1000 });
  const cases = [
    { data: 'https://example.gov.cn/q?id=ABC123', o: { suffix: '\r' as const } },
    { data: '苏服码：张三 3201 统一社会信用代码', o: { suffix: '\n' as const, chunkSize: 5 } },
    { data: '营业执照 91350100M000100Y43 龘', o: { suffix: '\r\n' as const, encoding: 'gb18030' as const, chunkSize: 3 } },
  ];
  for (const c of cases) {
    const p = scanner.scanOnce({ timeoutMs: 10_000 });
    await sim.scan(c.data, c.o);
    const r = await p;
    assert.equal(r.data, c.data);
    assert.equal(r.source, 'serial');
    assert.ok(Buffer.from(r.bytes, 'base64').length > 0);
    assert.equal(scanner.status().state, 'ready', 'disarmed after one scan');
  }
});

test('no suffix: the inter-byte gap ends the scan', { skip: ptyPairAvailable() ? false : NO_PTY }, async () => {
  const { sim, scanner } = await ptySetup({ interByteTimeoutMs: 80 });
  const p = scanner.scanOnce({ timeoutMs: 10_000 });
  await sim.scan('NOSUFFIX-0001', { suffix: '' });
  assert.equal((await p).data, 'NOSUFFIX-0001');
});

test('armed only while asked; one scan per request; repeat within 1.5 s dropped; timeout rejects', async () => {
  const pipe = new MemoryScanTransport();
  const scanner = new ScannerDevice('s', { transport: pipe, source: 'sim' });
  cleanups.push(() => scanner.dispose());
  await scanner.open();
  const enc = (s: string): Uint8Array => new TextEncoder().encode(`${s}\r`);
  pipe.emit(enc('UNARMED'));
  await new Promise((r) => setTimeout(r, 20));
  const first = scanner.scanOnce({ timeoutMs: 5000 });
  pipe.emit(enc('CODE-1'));
  pipe.emit(enc('CODE-2'));
  assert.equal((await first).data, 'CODE-1', 'the unarmed scan was discarded, one scan answered');
  const second = scanner.scanOnce({ timeoutMs: 5000 });
  pipe.emit(enc('CODE-1')); // repeat within the window: dropped
  pipe.emit(enc('CODE-3'));
  assert.equal((await second).data, 'CODE-3');
  await assert.rejects(scanner.scanOnce({ timeoutMs: 100 }), (e: unknown) => isKioskErrorLike(e) && e.code === 'timeout');
  const ac = new AbortController();
  const cancelled = scanner.scanOnce({ timeoutMs: 5000, signal: ac.signal });
  ac.abort();
  await assert.rejects(cancelled, (e: unknown) => isKioskErrorLike(e) && e.code === 'cancelled');
});

test('HID-POS reports through the service: 300 bytes in six reports', async () => {
  const listeners: ((c: Uint8Array) => void)[] = [];
  const fake: ScanTransport = {
    describe: 'hid-fake',
    unit: 'reports',
    open: async () => undefined,
    isOpen: () => true,
    onData: (l) => listeners.push(l),
    onClose: () => undefined,
    close: async () => undefined,
  };
  const scanner = new ScannerDevice('h', { transport: fake, source: 'hid-pos' });
  await scanner.open();
  const payload = `]Q1${'统一'.repeat(10)}${'A'.repeat(300 - 3 - 60)}`;
  const bytes = new TextEncoder().encode(payload);
  assert.equal(bytes.length, 300);
  const reports = splitIntoReports(bytes);
  assert.equal(reports.length, 6);
  const p = scanner.scanOnce({ timeoutMs: 5000 });
  for (const r of reports) for (const l of listeners) l(r);
  const r = await p;
  assert.equal(r.data, payload.slice(3));
  assert.equal(r.symbology, 'qr');
  assert.equal(new HidPosAssembler().feed(reports[5]!)?.bytes.length, 300 - 5 * 56, 'a lone last report is its own scan');
  await scanner.dispose();
});

test('HID-POS by vendor: Access-IS and Newland layouts from their descriptors, or from the model profile', async () => {
  const payload = `https://zwfw.example.gov.cn/q?c=${'码'.repeat(30)}END`;
  const cases = [
    { name: 'Access-IS descriptor', device: { vendorId: 0x0db5, productId: 0x013a, descriptor: ACCESS_IS_DESCRIPTOR, deviceLayout: ACCESS_IS_LAYOUT }, source: 'descriptor' },
    // Unknown vendor ID: only the descriptor can tell Access-IS's layout.
    { name: 'Access-IS layout, unknown VID', device: { vendorId: 0x1234, productId: 1, descriptor: ACCESS_IS_DESCRIPTOR, deviceLayout: ACCESS_IS_LAYOUT }, source: 'descriptor' },
    { name: 'Access-IS, descriptor unreadable', device: { vendorId: 0x0db5, productId: 0x013a, descriptor: null, deviceLayout: ACCESS_IS_LAYOUT }, source: 'profile' },
    { name: 'Newland descriptor', device: { vendorId: 0x1eab, productId: 0x0d10, descriptor: NEWLAND_DESCRIPTOR, deviceLayout: NEWLAND_LAYOUT }, source: 'descriptor' },
  ];
  for (const c of cases) {
    const t = new SimHidPosTransport(c.device);
    const scanner = new ScannerDevice('h', { transport: t, source: 'hid-pos' });
    await scanner.open();
    assert.match((await scanner.checkHealth('internal')).message, new RegExp(`layout ${c.source}`), c.name);
    for (const stripReportId of [false, true]) {
      const text = `${payload}-${stripReportId ? 'no-id' : 'id'}`; // a different code each time (repeat window)
      const b = new TextEncoder().encode(text);
      const p = scanner.scanOnce({ timeoutMs: 5000 });
      t.scan(c.device.deviceLayout.aimBytes.length ? b : Uint8Array.from([...Buffer.from(']Q1'), ...b]), { aim: ']Q1', stripReportId });
      const r = await p;
      assert.equal(r.data, text, `${c.name}: no \`]Q1\` in the data, no bytes lost`);
      assert.equal(r.aim, ']Q1', c.name);
      assert.equal(r.symbology, 'qr', c.name);
    }
    await scanner.dispose();
  }
});

test('createScanner: sim scans over its pty; keyboard reports the wedge and refuses scanOnce', async () => {
  const h = await createScanner({ transport: 'sim' }, { dataDir: '/tmp' });
  cleanups.push(() => h.dispose());
  const p = h.service.scanOnce({ timeoutMs: 10_000 });
  h.sim!.scan('https://example.gov.cn/sim');
  const r = await p;
  assert.equal(r.data, 'https://example.gov.cn/sim');
  assert.equal(r.source, 'sim');

  const k = await createScanner({ transport: 'keyboard', prefix: '', suffix: 'Enter', maxInterKeyMs: 30, minLength: 4 }, { dataDir: '/tmp' });
  assert.deepEqual([k.service.status().state, k.service.status().detail], ['ready', 'keyboard-wedge']);
  await assert.rejects(k.service.scanOnce({ timeoutMs: 1000 }), (e: unknown) => isKioskErrorLike(e) && e.code === 'not-available' && /renderer/.test(e.message));
  await k.dispose();
});
