import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { StockConfig } from '../../contracts/config.js';
import type { IdCard } from '../../contracts/devices.js';
import { KioskError } from '../../contracts/errors.js';
import type { ReceiptDocument } from '../../drivers/core/device.js';
import { SimCupsQueue } from '../../drivers/document-printer/cups-sim.js';
import { CupsDocumentPrinter } from '../../drivers/document-printer/document-printer-service.js';
import { findDemoCard } from '../../drivers/sim/demo-cards.js';
import { startDemoBackend, type DemoBackend } from '../demo-backend/index.js';
import { LICENSE_AUDIT_SERVICE, LicenseDesk } from './license-desk.js';
import { SheetSerials } from './sheet-serial-store.js';

const TOKEN = 'test-token';
const card = (key: string): IdCard => ({ ...findDemoCard(key)!.card, photo: null, warnings: [] });
const STOCK = { A3: StockConfig.parse({ numbered: true, prefix: 'SZ', digits: 8 }), A4: StockConfig.parse({ numbered: true, pattern: 'FB-[0-9]{6}' }) };

describe('LicenseDesk on numbered stock: each sheet carries its serial on its print audit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'license-serials-'));
  let backend: DemoBackend;
  let sim: SimCupsQueue;
  let printer: CupsDocumentPrinter;
  let serials: SheetSerials;
  let queued: { serviceId: string; payload: Record<string, unknown> }[];
  let receipts: ReceiptDocument[];
  /** Jam the printer as soon as a job is submitted: the sheets of that job are spoiled. */
  let jamOnSubmit: boolean;
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
    jamOnSubmit = false;
    const runner = {
      run: async (tool: string, args: string[], options: { stdin?: Uint8Array }) => {
        const r = await sim.run(tool, args, options);
        if (tool === 'lp' && jamOnSubmit) sim.setState({ jammed: true });
        return r;
      },
    };
    printer = new CupsDocumentPrinter('document-printer', { queue: sim.queue, trays: {}, runner, simulated: true, pollMs: 30 });
    await printer.open();
    serials = new SheetSerials(dataDir, STOCK);
    queued = [];
    receipts = [];
    desk = new LicenseDesk({
      kioskId: 'bank-branch-k02',
      hallName: '营业厅',
      registry: () => ({ url: backend.url, token: TOKEN }),
      printer,
      enqueue: (serviceId, payload) => {
        queued.push({ serviceId, payload });
        return `q${queued.length}`;
      },
      calibration: () => ({ A3: { xMm: 0, yMm: 0 }, A4: { xMm: 0, yMm: 0 } }),
      font: {},
      printReceipt: async (doc) => {
        receipts.push(doc);
      },
      sheetSerials: serials,
    });
  });

  const signal = () => AbortSignal.timeout(60_000);
  const audits = () => queued.filter((q) => q.serviceId === LICENSE_AUDIT_SERVICE).map((q) => q.payload as { outcome: string; sheetSerial: string | null; copy: string; reason: string | null });

  it('numbered A3 with no serial registered: refused in plain terms, nothing printed, nothing recorded, nothing taken', async () => {
    const s = await desk.lookup(card('ouyang'), '91320508MA1MXK2C87', signal());
    await assert.rejects(
      desk.print(card('ouyang'), { uscc: s.uscc, copy: 'original', copies: 1 }, signal()),
      (e: KioskError) => e.code === 'stock-unregistered' && e.retryable && /no sheet serial is registered/.test(e.message),
    );
    assert.equal(sim.printed().length, 0);
    assert.deepEqual(queued, []);
    assert.deepEqual(receipts, []);
    assert.equal(serials.view().A3.used, 0);
    // Registered, the same visit prints (the refusal did not use up the copy allowed).
    serials.set('A3', 'SZ00000417');
    const r = await desk.print(card('ouyang'), { uscc: s.uscc, copy: 'original', copies: 1 }, signal());
    assert.equal(r.paper, 'A3');
    assert.deepEqual(audits().map((a) => [a.outcome, a.copy, a.sheetSerial]), [['printed', 'original', 'SZ00000417']]);
    assert.match(JSON.stringify(receipts[0]), /证照纸编号：SZ00000417/);
    assert.deepEqual([serials.view().A3.next, serials.view().A3.used], ['SZ00000418', 1]);
  });

  it('copies take consecutive serials, one audit each, in order; the next visit goes on from there', async () => {
    serials.set('A4', 'FB-000099');
    const s = await desk.lookup(card('chan'), '93320505MA2NLRW61U', signal());
    assert.ok(s.allowed.duplicate >= 2, `duplicates allowed: ${s.allowed.duplicate}`);
    const r = await desk.print(card('chan'), { uscc: s.uscc, copy: 'duplicate', copies: 2 }, signal());
    assert.equal(sim.printed()[0]!.copies, 2);
    assert.deepEqual(audits().map((a) => [a.outcome, a.sheetSerial]), [['printed', 'FB-000099'], ['printed', 'FB-000100']]);
    assert.deepEqual(r.auditIds, queued.map((q) => q.payload.id));
    desk.wipe();
    const again = await desk.lookup(card('chan'), '93320505MA2NLRW61U', signal());
    await desk.print(card('chan'), { uscc: again.uscc, copy: 'duplicate', copies: 1 }, signal());
    assert.equal(audits().at(-1)!.sheetSerial, 'FB-000101');
    assert.equal(serials.view().A4.used, 3);
  });

  it('a job that fails at the printer: its sheets are spoiled, each with its serial; the next sheet takes the serial after them', async () => {
    serials.set('A4', 'FB-000010');
    const s = await desk.lookup(card('chan'), '93320505MA2NLRW61U', signal());
    jamOnSubmit = true;
    await assert.rejects(desk.print(card('chan'), { uscc: s.uscc, copy: 'duplicate', copies: 2 }, signal()));
    assert.deepEqual(audits().map((a) => [a.outcome, a.sheetSerial]), [['spoiled', 'FB-000010'], ['spoiled', 'FB-000011']]);
    assert.ok(audits().every((a) => a.reason !== null));
    assert.equal(sim.printed().length, 0);

    jamOnSubmit = false;
    sim.setState({ jammed: false });
    await desk.print(card('chan'), { uscc: s.uscc, copy: 'duplicate', copies: 1 }, signal());
    assert.deepEqual(audits().at(-1), { ...audits().at(-1)!, outcome: 'printed', sheetSerial: 'FB-000012' });
  });

  it('the printer not ready (paper out): no serial is taken, so the stack and the counter stay in step', async () => {
    serials.set('A3', 'SZ00000001');
    const s = await desk.lookup(card('ouyang'), '91320508MA1MXK2C87', signal());
    sim.setState({ paperEnd: { A3: true, A4: false } });
    await assert.rejects(desk.print(card('ouyang'), { uscc: s.uscc, copy: 'original', copies: 1 }, signal()), (e: KioskError) => e.code === 'paper-end');
    assert.deepEqual([serials.view().A3.next, serials.view().A3.used], ['SZ00000001', 0]);
    assert.deepEqual(queued, []);
  });
});
