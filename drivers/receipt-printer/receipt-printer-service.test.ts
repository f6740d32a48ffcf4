import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProfile } from './profiles.js';
import { EscPosReceiptPrinter } from './receipt-printer-service.js';
import type { SimPrinterOptions } from './sim/printer-sim.js';
import { startTcpPrinterSim, type TcpPrinterSim } from './sim/tcp-printer-sim.js';
import { startPtyPrinterSim } from './sim/pty-printer-sim.js';
import { TcpPrinterTransport } from './transports/tcp-transport.js';
import { SerialPrinterTransport } from './transports/serial-transport.js';
import { serviceReceipt, testPage } from '../../documents/receipts/templates.js';
import { createReceiptPrinter } from './index.js';
import { isKioskErrorLike } from '../../contracts/errors.js';
import type { PrinterStatus } from '../../contracts/devices.js';
import { NO_PTY, ptyPairAvailable } from '../core/sim/pty-pair.js';

const profile = loadProfile('generic-80mm-cn');
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function setup(
  speedMmPerS = 2000,
  o: { model?: string; simOptions?: SimPrinterOptions } = {},
): Promise<{ sim: TcpPrinterSim; printer: EscPosReceiptPrinter }> {
  const sim = await startTcpPrinterSim({ speedMmPerS, ...o.simOptions });
  const p = o.model ? loadProfile(o.model) : profile;
  const printer = new EscPosReceiptPrinter('p', { transport: new TcpPrinterTransport(sim.host, sim.port), profile: p, pollIntervalMs: 60_000, queryTimeoutMs: 1500 });
  cleanups.push(async () => {
    await printer.dispose();
    await sim.close();
  });
  await printer.open();
  return { sim, printer };
}

const rejectsWith = async (p: Promise<unknown>, code: string): Promise<void> => {
  await assert.rejects(p, (e: unknown) => isKioskErrorLike(e) && e.code === code);
};

test('Chinese round trip: what the simulator printed decodes back to the same text', async () => {
  const { sim, printer } = await setup();
  const lines = ['政务服务一网通办', '统一社会信用代码 91350100M000100Y43', 'Mixed 中英文 text ￥12.50', '龘靐齉爩'];
  const out = await printer.print({ lines: lines.map((text) => ({ type: 'text' as const, text })), cut: 'full' }, { timeoutMs: 20_000 });
  assert.equal(out.confirmed, true);
  const printed = sim.printer.printouts().at(-1)!;
  for (const l of lines) assert.ok(printed.text.split('\n').includes(l), `printed text contains "${l}":\n${printed.text}`);
  assert.ok(printed.text.includes('[CUT partial]'), 'generic CN model cuts partially');
  assert.equal(printer.status().state, 'ready');
});

test('test page arrives with init, GB18030 Chinese, a QR and a cut; PNG renders', async () => {
  const { sim, printer } = await setup();
  await printer.print(testPage({ at: '2025-01-01T00:00:00Z', kioskId: 'k1' }), { timeoutMs: 20_000 });
  const p = sim.printer.printouts().at(-1)!;
  assert.match(p.text, /打印机测试页/);
  assert.match(p.text, /\[QR\] https:\/\/example\.gov\.cn/);
  const png = sim.printer.png(p);
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
});

test('status: near end is printable and reported; paper end, cover open refuse the job', async () => {
  const { sim, printer } = await setup();
  const seen: PrinterStatus[] = [];
  printer.onDidChangePrinterStatus((s) => seen.push(s));
  sim.printer.setState({ paperNearEnd: true });
  const st = await printer.readPrinterStatus({ timeoutMs: 5000 });
  assert.equal(st.paperNearEnd, true);
  assert.equal(st.paperEnd, false);
  assert.equal(printer.status().detail, 'paper-near-end');
  assert.equal((await printer.print(testPage({ at: new Date() }), { timeoutMs: 20_000 })).confirmed, true);

  sim.printer.setState({ paperEnd: true });
  const before = sim.printer.printouts().length;
  await rejectsWith(printer.print(testPage({ at: new Date() }), { timeoutMs: 20_000 }), 'paper-end');
  assert.equal(printer.status().state, 'error');
  assert.equal(printer.status().detail, 'paper-end');
  assert.equal(printer.status().lastError?.code, 'paper-end');

  sim.printer.setState({ paperEnd: false, coverOpen: true });
  await rejectsWith(printer.print(testPage({ at: new Date() }), { timeoutMs: 20_000 }), 'cover-open');
  assert.equal((await printer.readPrinterStatus({ timeoutMs: 5000 })).coverOpen, true);
  assert.equal(sim.printer.printouts().length, before, 'nothing printed while refused');
  assert.ok(seen.some((s) => s.paperEnd) && seen.some((s) => s.coverOpen));
});

test('paper out mid-job: error, status event, and the job is not reported printed', async () => {
  const { sim, printer } = await setup(60); // slow mechanism so the job is still printing
  const events: string[] = [];
  printer.onDidChangeStatus((s) => events.push(`${s.state}:${s.detail}`));
  const doc = serviceReceipt({
    serviceName: '个体工商户设立登记', at: new Date(), kioskId: 'k1', applicantName: '张三丰', caseNumber: 'SZ2025-0001', progressUrl: 'https://e.gov.cn/p/1',
  });
  const job = printer.print(doc, { timeoutMs: 30_000 });
  let confirmed = false;
  job.then((o) => (confirmed = o.confirmed), () => undefined);
  await new Promise((r) => setTimeout(r, 300));
  sim.printer.setState({ paperEnd: true });
  await rejectsWith(job, 'paper-end');
  assert.equal(confirmed, false);
  assert.ok(events.includes('busy:printing'));
  assert.ok(events.includes('error:paper-end'), events.join(' '));
  assert.equal(sim.printer.printouts().length, 0, 'the receipt was not finished');
});

/** A receipt of 20 numbered lines, so a partial one is easy to tell from a whole one. */
const twentyLines = { lines: Array.from({ length: 20 }, (_, k) => ({ type: 'text' as const, text: `受理回执 LINE ${String(k + 1).padStart(2, '0')}` })), cut: 'full' as const };
const quiet = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

for (const model of ['epson-tm-t88-sc', 'citizen-ct-s2000-pmu', 'custom-vkp80iii']) {
  test(`paper out mid-job on ${model}: the rest of the job is cleared, so refill + retry prints one whole receipt`, async () => {
    const { sim, printer } = await setup(2000, { model });
    sim.printer.loadPaper(7); // the roll runs out on line 7 of 20
    await rejectsWith(printer.print(twentyLines, { timeoutMs: 20_000 }), 'paper-end');
    sim.printer.setState({ paperEnd: false }); // refill
    await quiet(300); // anything left in the printer's buffer would print now
    assert.equal(sim.printer.printouts().filter((p) => !p.partial).length, 0, 'nothing of the failed job printed after the refill');
    const retry = await printer.print(twentyLines, { timeoutMs: 20_000 });
    assert.equal(retry.confirmed, true);
    await quiet(300);
    const outs = sim.printer.printouts();
    const whole = outs.filter((p) => !p.partial);
    assert.equal(whole.length, 1, outs.map((p) => p.text).join('\n---\n'));
    const lines = whole[0]!.text.split('\n').filter((l) => l.includes('LINE'));
    assert.deepEqual(lines, twentyLines.lines.map((l) => l.text), 'exactly the 20 lines of one receipt');
    const partial = outs.filter((p) => p.partial);
    assert.equal(partial.length, 1);
    assert.equal(partial[0]!.text.split('\n').filter((l) => l.includes('LINE')).length, 7, 'the torn-off start of the failed job');
  });
}

test('paper out mid-job on a model without a clear command: the error says the rest is still in the printer', async () => {
  const { sim, printer } = await setup(2000, { model: 'generic-80mm-cn' });
  sim.printer.loadPaper(7);
  await assert.rejects(printer.print(twentyLines, { timeoutMs: 20_000 }), (e: unknown) => isKioskErrorLike(e) && e.code === 'paper-end' && /still in the printer/.test(e.message));
});

test('near-end bits read the same in DLE EOT 4 and GS r, per the profile (Epson pair vs Citizen separate sensors)', async () => {
  for (const [model, expected] of [
    ['epson-tm-t88-sc', false], // Epson: both bits or none; a lone bit is not near end
    ['citizen-ct-s2000-pmu', true], // Citizen PPU-231II: bits 2 and 3 are separate sensors
  ] as const) {
    for (const nearEndBits of ['first', 'second'] as const) {
      const { sim, printer } = await setup(2000, { model, simOptions: { nearEndBits } });
      sim.printer.setState({ paperNearEnd: true });
      const polled = await printer.readPrinterStatus({ timeoutMs: 5000 }); // DLE EOT 1–4
      assert.equal(polled.paperNearEnd, expected, `${model} ${nearEndBits}: DLE EOT 4`);
      assert.equal((await printer.print({ lines: [{ type: 'text', text: 'near end' }], cut: 'partial' }, { timeoutMs: 20_000 })).confirmed, true);
      assert.equal(printer.lastPrinterStatus()!.paperNearEnd, expected, `${model} ${nearEndBits}: GS r 1 after the job`);
      await printer.dispose();
      await sim.close();
    }
  }
});

test('offline printer (silent) → device-offline, never a silent success', async () => {
  const { sim, printer } = await setup();
  sim.printer.setState({ online: false });
  await rejectsWith(printer.readPrinterStatus({ timeoutMs: 10_000 }), 'device-offline');
  await rejectsWith(printer.print(testPage({ at: new Date() }), { timeoutMs: 10_000 }), 'device-offline');
  assert.equal(printer.status().state, 'offline');
});

test('nothing listening → device-offline', async () => {
  const sim = await startTcpPrinterSim();
  const port = sim.port;
  await sim.close();
  const printer = new EscPosReceiptPrinter('p', { transport: new TcpPrinterTransport('127.0.0.1', port), profile, pollIntervalMs: 60_000 });
  await printer.open();
  assert.equal(printer.status().state, 'offline');
  await rejectsWith(printer.readPrinterStatus({ timeoutMs: 5000 }), 'device-offline');
  await printer.dispose();
});

test('serial printer on a pty: status and a confirmed print', { skip: ptyPairAvailable() ? false : NO_PTY }, async () => {
  const sim = await startPtyPrinterSim({ speedMmPerS: 2000 });
  const printer = new EscPosReceiptPrinter('p', { transport: new SerialPrinterTransport(sim.devicePath, 115200), profile, pollIntervalMs: 60_000 });
  cleanups.push(async () => {
    await printer.dispose();
    await sim.close();
  });
  await printer.open();
  sim.printer.setState({ paperNearEnd: true });
  assert.equal((await printer.readPrinterStatus({ timeoutMs: 5000 })).paperNearEnd, true);
  assert.equal((await printer.print({ lines: [{ type: 'text', text: '串口打印 serial' }], cut: 'partial' }, { timeoutMs: 20_000 })).confirmed, true);
  assert.match(sim.printer.printouts().at(-1)!.text, /串口打印 serial/);
});

test('createReceiptPrinter("sim:") returns the real driver on the TCP simulator with controls', async () => {
  const handle = await createReceiptPrinter({ uri: 'sim:', model: 'generic-80mm-cn' }, { dataDir: '/tmp' });
  cleanups.push(() => handle.dispose());
  assert.equal(handle.service.status().simulated, true);
  handle.sim!.setState({ paperNearEnd: true });
  assert.equal((await handle.service.readPrinterStatus({ timeoutMs: 5000 })).paperNearEnd, true);
  assert.equal(handle.sim!.state().paperNearEnd, true);
});

test('directIO (diagnostics raw console): DLE EOT 4 with paper out answers 0x7E, and the link keeps working', async () => {
  const { sim, printer } = await setup();
  sim.printer.setState({ paperEnd: true });
  // DLE EOT 4 (10 04 04): paper roll sensor; 0x12 fixed bits | 0x0C near end | 0x60 paper end.
  const reply = await printer.directIO(Uint8Array.of(0x10, 0x04, 0x04), { timeoutMs: 5000 });
  assert.deepEqual([...reply], [0x7e]);
  sim.printer.setState({ paperEnd: false });
  const st = await printer.readPrinterStatus({ timeoutMs: 5000 });
  assert.equal(st.paperEnd, false);
  // Bytes the printer does not answer: an empty reply at the deadline, not an error.
  assert.equal((await printer.directIO(Uint8Array.of(0x1b, 0x40), { timeoutMs: 500 })).length, 0);
});
