import QRCode from 'qrcode';
import type { ReceiptDocument, ReceiptLine } from '../../core/device.js';
import type { PrinterProfile } from '../profiles.js';
import * as cmd from './commands.js';
import { encodeText, sanitiseText, wrapText } from './text-encoding.js';

/** What {@link encodeReceipt} produced: the job bytes and what had to be replaced on the way. */
export interface EncodedReceipt {
  bytes: Uint8Array;
  /** Characters the model cannot print (no font / four-byte GB18030), replaced by `?`. */
  replacedChars: number;
}

/** QR module size in dots when the line does not say (≈ 0.75 mm at 8 dots/mm). */
const DEFAULT_QR_MODULE = 6;

/**
 * Encode a receipt for one printer model. Pure: the same document and profile give the same bytes.
 * The open sequence follows receiptline/receiptio (peripherals.md §2.1): `ESC @`, ASB off while
 * building, font defaults, then Chinese mode entered explicitly; the job ends with feed + cut and the
 * presenter command where the model has one. The status handshake (`GS r 1`) is added by the
 * device service, not here.
 */
export function encodeReceipt(doc: ReceiptDocument, profile: PrinterProfile): EncodedReceipt {
  const parts: Uint8Array[] = [];
  let replacedChars = 0;
  const cjk = profile.chineseMode === 'fs-ampersand' && profile.chineseFont;
  const encoding = profile.chineseFont && profile.encoding === 'gb18030' ? 'gb18030' : 'ascii';

  parts.push(cmd.initialise());
  if (cjk) parts.push(cmd.chineseModeOn());
  else if (profile.chineseMode === 'none' && profile.encoding === 'ascii') parts.push(cmd.codeTable(0));

  for (const line of doc.lines) {
    replacedChars += encodeLine(line, profile, encoding, cjk, parts);
  }

  if (doc.cut && profile.cutter !== 'none') {
    // Feed past the tear-off distance, then cut. Models with partial-only cutters get a partial cut.
    const kind = doc.cut === 'full' && profile.cutter === 'full+partial' ? 'full' : 'partial';
    parts.push(cmd.justify('left'), cmd.cut(kind, 24));
  } else {
    parts.push(cmd.feedLines(4));
  }
  const p = profile.presenter;
  if (p?.kind === 'custom-fs-p') parts.push(cmd.customPresent(p.presentMm, p.blink, p.notTaken, p.timeoutSec));
  else if (p?.kind === 'citizen-gs-r') parts.push(cmd.citizenAutoRetract(p.retractAfterSec));
  return { bytes: cmd.concat(parts), replacedChars };
}

function encodeLine(line: ReceiptLine, profile: PrinterProfile, encoding: 'gb18030' | 'ascii', cjk: boolean, parts: Uint8Array[]): number {
  switch (line.type) {
    case 'text': {
      const size = line.size ?? 1;
      const { text, replaced } = sanitiseText(line.text, encoding);
      parts.push(cmd.justify(line.align ?? 'left'), cmd.bold(line.bold === true), cmd.characterSize(size, size));
      for (const l of wrapText(text, Math.floor(profile.columns / size))) {
        parts.push(encodeText(l, encoding), cmd.lineFeed());
      }
      if (size !== 1) parts.push(cmd.characterSize(1, 1));
      if (line.bold) parts.push(cmd.bold(false));
      return replaced;
    }
    case 'rule':
      parts.push(cmd.justify('left'), encodeText('-'.repeat(profile.columns), 'ascii'), cmd.lineFeed());
      return 0;
    case 'feed':
      parts.push(cmd.feedLines(Math.max(0, Math.min(255, Math.round(line.lines)))));
      return 0;
    case 'qr': {
      const data = new TextEncoder().encode(line.data);
      const module = line.size ?? DEFAULT_QR_MODULE;
      parts.push(cmd.justify('center'));
      if (profile.qr === 'native') parts.push(cmd.qrCode(data, module, 'M'));
      else parts.push(...withoutChineseMode(cjk, qrRaster(line.data, module, profile.printWidthDots)));
      parts.push(cmd.lineFeed(), cmd.justify('left'));
      return 0;
    }
    case 'barcode':
      if (!profile.barcode) throw new RangeError(`printer model ${profile.name} has no barcode support`);
      parts.push(cmd.justify('center'), cmd.barcode(line.data, line.symbology ?? 'code128'), cmd.lineFeed(), cmd.justify('left'));
      return 0;
    case 'image': {
      const widthBytes = Math.ceil(line.width / 8);
      const pixels = Uint8Array.from(Buffer.from(line.pixels, 'base64'));
      if (line.width > profile.printWidthDots) throw new RangeError(`image ${line.width} dots wider than ${profile.printWidthDots}`);
      parts.push(cmd.justify(line.align ?? 'center'));
      parts.push(...withoutChineseMode(cjk, cmd.rasterImage(pixels, widthBytes, line.height)));
      parts.push(cmd.justify('left'));
      return 0;
    }
  }
}

/** Leave Chinese mode around raster data, as Xprinter-class firmware needs (peripherals.md §2.2). */
function withoutChineseMode(cjk: boolean, raster: Uint8Array): Uint8Array[] {
  return cjk ? [cmd.chineseModeOff(), raster, cmd.chineseModeOn()] : [raster];
}

/** The QR matrix rendered to a `GS v 0` raster for models without (reliable) `GS ( k`. */
export function qrRaster(data: string, moduleDots: number, maxWidthDots: number): Uint8Array {
  const qr = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  let scale = moduleDots;
  while (scale > 1 && (n + 2 * quiet) * scale > maxWidthDots) scale--;
  const width = (n + 2 * quiet) * scale;
  const widthBytes = Math.ceil(width / 8);
  const rows = new Uint8Array(widthBytes * width);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (!qr.modules.get(y, x)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = (quiet + y) * scale + dy;
        for (let dx = 0; dx < scale; dx++) {
          const col = (quiet + x) * scale + dx;
          rows[row * widthBytes + (col >> 3)]! |= 0x80 >> (col & 7);
        }
      }
    }
  }
  return cmd.rasterImage(rows, widthBytes, width);
}
