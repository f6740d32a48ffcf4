import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import type { PrintoutLine } from '../../../contracts/protocol.js';
import { encodeReceipt } from '../escpos/receipt-encoder.js';
import { loadProfile } from '../profiles.js';
import { simControl } from '../index.js';
import { SimPrinter } from './printer-sim.js';

test('a printout line by line: its text as text (for a screen with fonts), the QR code as a picture of the paper width', async () => {
  const printer = new SimPrinter();
  const { bytes } = encodeReceipt(
    { lines: [{ type: 'text', text: '受理编号：A1-B2', align: 'center', bold: true, size: 2 }, { type: 'text', text: 'Keep this slip' }, { type: 'qr', data: 'https://e.gov.cn/q?id=1', size: 4 }], cut: 'partial' },
    loadProfile('generic-80mm-cn'),
  );
  printer.receive(bytes, () => undefined);
  const deadline = Date.now() + 5000;
  while (printer.printouts().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const [out] = simControl(printer).printouts();
  assert.ok(out, 'printed');
  assert.equal(out.widthDots, 576);
  const text = out.lines!.filter((l): l is Extract<PrintoutLine, { kind: 'text' }> => l.kind === 'text' && l.text !== '');
  assert.deepEqual(
    text.map((l) => [l.text, l.bold, l.width, l.height, l.align]),
    [
      ['受理编号：A1-B2', true, 2, 2, 'center'],
      ['Keep this slip', false, 1, 1, 'left'],
    ],
  );
  const pictures = out.lines!.filter((l): l is Extract<PrintoutLine, { kind: 'picture' }> => l.kind === 'picture');
  assert.equal(pictures.length, 1);
  const png = PNG.sync.read(Buffer.from(pictures[0]!.pngBase64, 'base64'));
  assert.equal(png.width, 576);
  assert.ok(png.data.some((v, i) => i % 4 === 0 && v === 0), 'the QR code has dark modules');
  assert.equal(out.lines!.at(-1)?.kind, 'cut');
  printer.close();
});
