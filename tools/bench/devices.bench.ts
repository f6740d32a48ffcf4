import { HidPosAssembler, splitIntoReports } from '../../drivers/scanner/codecs/hid-pos.js';
import { resolveHidPosLayout } from '../../drivers/scanner/codecs/hid-pos-layouts.js';
import { ACCESS_IS_DESCRIPTOR } from '../../drivers/scanner/sim/hid-pos-devices.js';
import { loadProfile } from '../../drivers/receipt-printer/profiles.js';
import { EscPosReceiptPrinter } from '../../drivers/receipt-printer/receipt-printer-service.js';
import { EscPosParser } from '../../drivers/receipt-printer/sim/escpos-parser.js';
import { startTcpPrinterSim } from '../../drivers/receipt-printer/sim/tcp-printer-sim.js';
import { TcpPrinterTransport } from '../../drivers/receipt-printer/transports/tcp-transport.js';
import { encodeReceipt } from '../../drivers/receipt-printer/escpos/receipt-encoder.js';
import { isKioskErrorLike } from '../../contracts/errors.js';

/**
 * HID-POS descriptor + report assembly cost, the simulator's ESC/POS parser
 * throughput, and how long a citizen waits between the roll running out mid-receipt and the driver
 * reporting paper end with the rest of the job cleared from the printer (DLE DC4 8, TCP simulator).
 */
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const p95 = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length * 0.95)]!;

// HID-POS: descriptor → layout, then a 300-byte QR payload over 6 Access-IS reports.
const layoutTimes: number[] = [];
for (let i = 0; i < 2000; i++) {
  const t = performance.now();
  resolveHidPosLayout({ descriptor: ACCESS_IS_DESCRIPTOR, vendorId: 0x0db5, productId: 0x013a });
  layoutTimes.push(performance.now() - t);
}
const layout = resolveHidPosLayout({ descriptor: ACCESS_IS_DESCRIPTOR, vendorId: 0x0db5, productId: 0x013a }).layout;
const reports = splitIntoReports(new TextEncoder().encode('x'.repeat(300)), { aim: ']Q1' }, layout);
const asm = new HidPosAssembler(layout);
const scanTimes: number[] = [];
for (let i = 0; i < 5000; i++) {
  const t = performance.now();
  for (const r of reports) asm.feed(r);
  scanTimes.push(performance.now() - t);
}
console.log(`HID-POS descriptor → layout: median ${(median(layoutTimes) * 1000).toFixed(1)} µs, p95 ${(p95(layoutTimes) * 1000).toFixed(1)} µs`);
console.log(`HID-POS 300-byte scan (6 reports) assembled: median ${(median(scanTimes) * 1000).toFixed(1)} µs, p95 ${(p95(scanTimes) * 1000).toFixed(1)} µs`);

// Simulator parser: a real receipt's bytes, 200 times over.
const profile = loadProfile('epson-tm-t88-sc');
const doc = { lines: Array.from({ length: 30 }, (_, k) => ({ type: 'text' as const, text: `受理回执 第${k + 1}行 ABC-123 政务服务` })), cut: 'full' as const };
const bytes = encodeReceipt(doc, profile).bytes;
const t0 = performance.now();
const parser = new EscPosParser();
for (let i = 0; i < 200; i++) parser.feed(bytes);
const parseMs = performance.now() - t0;
console.log(`ESC/POS sim parser: ${((bytes.length * 200) / 1024 / 1024 / (parseMs / 1000)).toFixed(1)} MiB/s (${bytes.length}-byte receipt × 200 in ${parseMs.toFixed(1)} ms)`);

// Paper out mid-receipt → paper-end error with the job cleared, at 200 mm/s.
const sim = await startTcpPrinterSim({ speedMmPerS: 200 });
const printer = new EscPosReceiptPrinter('bench', { transport: new TcpPrinterTransport(sim.host, sim.port), profile, pollIntervalMs: 60_000 });
await printer.open();
const waits: number[] = [];
for (let i = 0; i < 10; i++) {
  sim.printer.loadPaper(10);
  let ranOutAt = 0;
  const sub = setInterval(() => {
    if (!ranOutAt && sim.printer.state().paperEnd) ranOutAt = performance.now();
  }, 1);
  try {
    await printer.print(doc, { timeoutMs: 30_000 });
    throw new Error('the print should have failed with paper end');
  } catch (e) {
    if (!(isKioskErrorLike(e) && e.code === 'paper-end')) throw e;
    waits.push(performance.now() - ranOutAt);
  } finally {
    clearInterval(sub);
  }
  sim.printer.setState({ paperEnd: false });
}
console.log(`paper out mid-receipt → paper-end reported, rest cleared (DLE DC4 8): median ${median(waits).toFixed(0)} ms, worst ${Math.max(...waits).toFixed(0)} ms (status watch every 250 ms)`);
console.log(`printouts after 10 paper-outs + refills: ${sim.printer.printouts().filter((p) => !p.partial).length} whole, ${sim.printer.printouts().filter((p) => p.partial).length} partial`);
await printer.dispose();
await sim.close();
