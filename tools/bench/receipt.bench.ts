/**
 * Receipt benchmark: encode a typical service receipt (20 lines of Chinese + a QR) and print
 * it to the TCP simulator. Prints figures; asserts nothing. Goals: encoding median < 5 ms; time until
 * the printer confirms ≤ 1.2 × the simulator's own print time (its mechanism model, 200 mm/s).
 */
import { performance } from 'node:perf_hooks';
import type { ReceiptDocument } from '../../drivers/core/device.js';
import { encodeReceipt } from '../../drivers/receipt-printer/escpos/receipt-encoder.js';
import { loadProfile } from '../../drivers/receipt-printer/profiles.js';
import { EscPosReceiptPrinter } from '../../drivers/receipt-printer/receipt-printer-service.js';
import { startTcpPrinterSim } from '../../drivers/receipt-printer/sim/tcp-printer-sim.js';
import { serviceReceipt } from '../../documents/receipts/templates.js';
import { TcpPrinterTransport } from '../../drivers/receipt-printer/transports/tcp-transport.js';

function typicalReceipt(i: number): ReceiptDocument {
  const doc = serviceReceipt({
    serviceName: '个体工商户设立登记（经营者本人办理）',
    at: new Date(),
    kioskId: 'hall-01-k03',
    applicantName: '张三丰',
    caseNumber: `SZ2025-${String(i).padStart(6, '0')}`,
    progressUrl: `https://zwfw.example.gov.cn/progress?case=SZ2025-${String(i).padStart(6, '0')}&k=hall-01-k03`,
  });
  const extra = ['经营场所：江苏省苏州市工业园区星湖街328号', '经营范围：日用百货零售；食品销售（仅销售预包装食品）', '办理渠道：24小时自助服务终端', '承诺办结时限：1个工作日', '咨询电话：0512-12345678', '温馨提示：请于三个工作日内领取营业执照', '本回执仅作为受理凭证，不作其他用途', '如有疑问请联系大厅工作人员', '感谢您的使用，祝您生活愉快', '政务服务 一网通办 一次办好', '本机支持身份证、电子证照扫码办理'];
  // Bring the receipt to 20 Chinese text lines.
  const textLines = doc.lines.filter((l) => l.type === 'text').length;
  const qrAt = doc.lines.findIndex((l) => l.type === 'qr');
  const add = extra.slice(0, Math.max(0, 20 - textLines)).map((text) => ({ type: 'text' as const, text }));
  doc.lines.splice(qrAt - 1, 0, ...add);
  return doc;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const profile = loadProfile('generic-80mm-cn');
const doc0 = typicalReceipt(0);
console.log(`receipt: ${doc0.lines.filter((l) => l.type === 'text').length} text lines + QR, ${encodeReceipt(doc0, profile).bytes.length} bytes`);

for (let i = 0; i < 50; i++) encodeReceipt(typicalReceipt(i), profile); // warm-up (iconv tables, JIT)
const enc: number[] = [];
for (let i = 0; i < 500; i++) {
  const d = typicalReceipt(i);
  const t = performance.now();
  encodeReceipt(d, profile);
  enc.push(performance.now() - t);
}
console.log(`encode: median ${median(enc).toFixed(3)} ms, p95 ${[...enc].sort((a, b) => a - b)[Math.floor(enc.length * 0.95)]!.toFixed(3)} ms (goal < 5 ms)`);

const sim = await startTcpPrinterSim({ speedMmPerS: 200 });
const printer = new EscPosReceiptPrinter('bench', { transport: new TcpPrinterTransport(sim.host, sim.port), profile, pollIntervalMs: 60_000 });
await printer.open();
const ratios: number[] = [];
const confirmedMs: number[] = [];
const simMs: number[] = [];
for (let i = 0; i < 5; i++) {
  const outcome = await printer.print(typicalReceipt(i), { timeoutMs: 30_000 });
  const p = sim.printer.printouts().at(-1)!;
  confirmedMs.push(outcome.ms);
  simMs.push(p.printMs);
  ratios.push(outcome.ms / p.printMs);
  if (!outcome.confirmed) throw new Error('print was not confirmed');
}
console.log(`print to TCP simulator (200 mm/s): confirmed after median ${median(confirmedMs)} ms; simulator print time median ${median(simMs)} ms`);
console.log(`confirmed / print time: median ${median(ratios).toFixed(3)}×, worst ${Math.max(...ratios).toFixed(3)}× (goal ≤ 1.2×)`);
await printer.dispose();
await sim.close();
