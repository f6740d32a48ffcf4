import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { IdCard } from '../../contracts/devices.js';
import { KioskError } from '../../contracts/errors.js';
import type { ReceiptDocument } from '../../drivers/core/device.js';
import { SimCupsQueue } from '../../drivers/document-printer/cups-sim.js';
import { CupsDocumentPrinter } from '../../drivers/document-printer/document-printer-service.js';
import { idNumberSha256 } from '../../documents/license/license-authorisation.js';
import { renderLicensePdf } from '../../documents/license/license-pdf.js';
import { PdfFile } from '../../documents/pdf/pdf-inspect.test-helper.js';
import { fetchLicenseRecord } from '../../documents/license/registry-client.js';
import { findDemoCard } from '../../drivers/sim/demo-cards.js';
import { startDemoBackend, type DemoBackend } from '../demo-backend/index.js';
import { LICENSE_AUDIT_SERVICE, LICENSE_REFUSAL_SERVICE, LicenseDesk } from './license-desk.js';

const TOKEN = 'test-token';
const card = (key: string): IdCard => ({ ...findDemoCard(key)!.card, photo: null, warnings: [] });

describe('LicenseDesk on the demo registry and a simulated CUPS queue', () => {
  const dir = mkdtempSync(join(tmpdir(), 'license-desk-'));
  let backend: DemoBackend;
  let sim: SimCupsQueue;
  let printer: CupsDocumentPrinter;
  let queued: { serviceId: string; payload: Record<string, unknown> }[];
  let receipts: ReceiptDocument[];
  let receiptFails: boolean;
  let desk: LicenseDesk;

  before(async () => {
    backend = await startDemoBackend({ dataDir: join(dir, 'backend'), token: TOKEN });
  });
  after(async () => {
    await printer?.dispose();
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await printer?.dispose();
    const dataDir = mkdtempSync(join(dir, 'kiosk-'));
    sim = new SimCupsQueue('KIOSK_SIM_DOC', dataDir, 20);
    printer = new CupsDocumentPrinter('document-printer', { queue: sim.queue, trays: {}, runner: sim, simulated: true, pollMs: 30 });
    await printer.open();
    queued = [];
    receipts = [];
    receiptFails = false;
    desk = new LicenseDesk({
      kioskId: 'hall-01-k03',
      hallName: '24小时自助服务厅',
      registry: () => ({ url: backend.url, token: TOKEN }),
      printer,
      enqueue: (serviceId, payload) => {
        queued.push({ serviceId, payload });
        return `q${queued.length}`;
      },
      calibration: () => ({ A3: { xMm: 0.5, yMm: -0.3 }, A4: { xMm: 0, yMm: 0 } }),
      font: {},
      printReceipt: async (doc) => {
        if (receiptFails) throw new KioskError('paper-end', 'receipt printer: paper end', true);
        receipts.push(doc);
      },
    });
  });

  const signal = () => AbortSignal.timeout(60_000);

  it('the legal representative may print the original: A3 PDF with code and name, one audit per sheet, a receipt', async () => {
    const s = await desk.lookup(card('ouyang'), '91320508ma1mxk2c87', signal());
    assert.equal(s.authorised, true);
    assert.equal(s.role, 'legal-representative');
    assert.equal(s.uscc, '91320508MA1MXK2C87');
    assert.equal(s.maskedRepresentative.includes('晓'), false, 'the representative is masked');
    assert.ok(s.allowed.original >= 1);
    assert.equal(JSON.stringify(s).includes('320508195602290013'), false, 'no ID number in the summary');

    const r = await desk.print(card('ouyang'), { uscc: s.uscc, copy: 'original', copies: 1 }, signal());
    assert.equal(r.paper, 'A3');
    assert.equal(r.receipt.printed, true);
    const printed = sim.printed();
    assert.equal(printed.length, 1);
    assert.match(printed[0]!.media, /^A3/);
    const pdf = new PdfFile(readFileSync(printed[0]!.file));
    // The same license without an offset: the printed one is moved by this kiosk's A3 calibration (0.5 mm right, 0.3 mm up).
    const plain = new PdfFile(await renderLicensePdf((await fetchLicenseRecord(s.uscc, { url: backend.url, token: TOKEN })).license, { copy: 'original' }));
    try {
      assert.equal(pdf.pageSize().name, 'A3');
      const text = pdf.text();
      assert.match(text, /91320508MA1MXK2C87/);
      assert.match(text, /苏州古城示例科技有限公司/);
      const at = (f: PdfFile) => f.words().find((w) => w.text === '91320508MA1MXK2C87')!;
      const mm = 72 / 25.4;
      assert.ok(Math.abs(at(pdf).xMin - at(plain).xMin - 0.5 * mm) < 0.2, `x moved ${at(pdf).xMin - at(plain).xMin} pt`);
      assert.ok(Math.abs(at(pdf).yMin - at(plain).yMin + 0.3 * mm) < 0.2, `y moved ${at(pdf).yMin - at(plain).yMin} pt`);
    } finally {
      pdf.dispose();
      plain.dispose();
    }
    const audits = queued.filter((q) => q.serviceId === LICENSE_AUDIT_SERVICE);
    assert.equal(audits.length, 1);
    assert.equal(audits[0]!.payload.outcome, 'printed');
    assert.equal(audits[0]!.payload.copy, 'original');
    assert.equal(audits[0]!.payload.applicantIdSha256, idNumberSha256('320508195602290013'));
    assert.deepEqual(r.auditIds, [audits[0]!.payload.id]);
    assert.equal(JSON.stringify(queued).includes('320508195602290013'), false);
    const receiptText = JSON.stringify(receipts[0]);
    assert.match(receiptText, /91320508MA1MXK2C87/);
    assert.equal(receiptText.includes('欧阳晓明'), false, 'the receipt names the applicant masked');
    assert.equal(r.remaining.original, s.allowed.original - 1);
  });

  it('an authorised agent (王芳 for 91320508MA1MXK2C87) may print too', async () => {
    const s = await desk.lookup(card('wang'), '91320508MA1MXK2C87', signal());
    assert.equal(s.authorised, true);
    assert.equal(s.role, 'authorised-agent');
    assert.equal(queued.length, 0);
  });

  it('refuses someone who is not an authorised person, and records the refusal without the ID number', async () => {
    // 林小 is the operator of another business, not a person of this one.
    const s = await desk.lookup(card('lin'), '91320508MA1MXK2C87', signal());
    assert.equal(s.authorised, false);
    assert.equal(s.reason, 'not-authorised');
    assert.deepEqual(s.allowed, { original: 0, duplicate: 0 });
    assert.equal(queued.length, 1);
    assert.equal(queued[0]!.serviceId, LICENSE_REFUSAL_SERVICE);
    assert.equal(queued[0]!.payload.reason, 'not-authorised');
    assert.equal(queued[0]!.payload.applicantIdSha256, idNumberSha256(card('lin').idNumber));
    assert.equal(JSON.stringify(queued).includes(card('lin').idNumber), false);
    await assert.rejects(desk.print(card('lin'), { uscc: '91320508MA1MXK2C87', copy: 'duplicate', copies: 1 }, signal()), (e: KioskError) => e.code === 'forbidden');
    assert.equal(sim.printed().length, 0);
  });

  it('a wrong check character is refused before any query', async () => {
    await assert.rejects(desk.lookup(card('ouyang'), '91320508MA1MXK2C88', signal()), (e: KioskError) => e.code === 'bad-request' && /check character/.test(e.message));
    assert.equal(queued.length, 0);
  });

  it('an unknown code is not-found', async () => {
    // A valid check character, but not registered: 91350100M000100Y43 (GB 32100 example).
    await assert.rejects(desk.lookup(card('ouyang'), '91350100M000100Y43', signal()), (e: KioskError) => e.code === 'not-found');
  });

  it('paper out: nothing is printed and nothing is recorded', async () => {
    const s = await desk.lookup(card('lin'), '92320508MA7TQ3H5P8', signal());
    assert.equal(s.authorised, true);
    assert.equal(s.role, 'operator');
    sim.setState({ paperEnd: { A3: true, A4: false } });
    await assert.rejects(desk.print(card('lin'), { uscc: s.uscc, copy: 'original', copies: 1 }, signal()), (e: KioskError) => e.code === 'paper-end');
    assert.equal(sim.printed().length, 0);
    assert.equal(queued.length, 0);
    assert.equal(receipts.length, 0);
  });

  it('duplicates on A4 with the copies allowed; more than allowed is refused; a receipt fault does not undo the print', async () => {
    const s = await desk.lookup(card('chan'), '93320505MA2NLRW61U', signal());
    assert.equal(s.authorised, true);
    const n = s.allowed.duplicate;
    assert.ok(n >= 1);
    await assert.rejects(desk.print(card('chan'), { uscc: s.uscc, copy: 'duplicate', copies: n + 1 }, signal()), (e: KioskError) => e.code === 'forbidden');
    receiptFails = true;
    const r = await desk.print(card('chan'), { uscc: s.uscc, copy: 'duplicate', copies: n }, signal());
    assert.equal(r.paper, 'A4');
    assert.equal(r.receipt.printed, false);
    assert.equal(r.receipt.error?.code, 'paper-end');
    assert.equal(r.auditIds.length, n);
    assert.equal(r.remaining.duplicate, 0);
    assert.match(sim.printed()[0]!.media, /^A4/);
    assert.equal(sim.printed()[0]!.copies, n);
    // Looked up again in the same visit, the sheets already printed still count.
    const again = await desk.lookup(card('chan'), s.uscc, signal());
    assert.equal(again.allowed.duplicate, 0);
    desk.wipe();
    await assert.rejects(desk.print(card('chan'), { uscc: s.uscc, copy: 'original', copies: 1 }, signal()), (e: KioskError) => e.code === 'bad-request');
  });

  it('another card cannot print the license someone else looked up', async () => {
    const s = await desk.lookup(card('ouyang'), '91320508MA1MXK2C87', signal());
    await assert.rejects(desk.print(card('lin'), { uscc: s.uscc, copy: 'original', copies: 1 }, signal()), (e: KioskError) => e.code === 'forbidden');
    assert.equal(sim.printed().length, 0);
  });
});
