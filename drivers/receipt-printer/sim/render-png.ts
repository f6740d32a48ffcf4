import { PNG } from 'pngjs';
import QRCode from 'qrcode';

/** What the simulated printhead put on paper, in order. */
export type RenderItem =
  | { kind: 'text'; text: string; bold: boolean; width: number; height: number; align: 'left' | 'center' | 'right' }
  | { kind: 'qr'; data: string; module: number; align: 'left' | 'center' | 'right' }
  | { kind: 'barcode'; data: string; align: 'left' | 'center' | 'right' }
  | { kind: 'image'; widthBytes: number; height: number; data: Uint8Array; align: 'left' | 'center' | 'right' }
  | { kind: 'feed'; dots: number }
  | { kind: 'cut'; full: boolean };

const LINE = 30;

/**
 * Render a printout to a PNG at printer resolution. No font ships with the simulator, so each glyph is
 * drawn as a block the size of its cell (half width for ASCII, full width for Chinese); QR codes and
 * raster images are drawn dot for dot, so a phone can scan the QR off the screen. Barcodes are drawn
 * schematically (bars from the data bytes), labelled by the text printout.
 */
export function renderPrintoutPng(items: RenderItem[], widthDots: number): Buffer {
  let height = 16;
  for (const it of items) height += itemHeight(it);
  const png = new PNG({ width: widthDots, height });
  const gray = new Uint8Array(widthDots * height).fill(255);
  const dot = (x: number, y: number, v = 0): void => {
    if (x >= 0 && x < widthDots && y >= 0 && y < height) gray[y * widthDots + x] = v;
  };
  const rect = (x: number, y: number, w: number, h: number, v = 0): void => {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) dot(xx, yy, v);
  };
  const left = (w: number, align: 'left' | 'center' | 'right'): number =>
    align === 'left' ? 0 : align === 'center' ? Math.max(0, Math.floor((widthDots - w) / 2)) : Math.max(0, widthDots - w);

  let y = 8;
  for (const it of items) {
    switch (it.kind) {
      case 'text': {
        const cells = Array.from(it.text).map((ch) => (ch.charCodeAt(0) < 0x80 ? 12 : 24) * it.width);
        const total = cells.reduce((a, b) => a + b, 0);
        let x = left(total, it.align);
        Array.from(it.text).forEach((ch, k) => {
          const w = cells[k]!;
          if (ch !== ' ') rect(x + it.width, y + 3 * it.height, w - 2 * it.width, 20 * it.height, it.bold ? 0 : 90);
          x += w;
        });
        break;
      }
      case 'qr': {
        const qr = QRCode.create(it.data, { errorCorrectionLevel: 'M' });
        const n = qr.modules.size;
        const x0 = left(n * it.module, it.align);
        for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) rect(x0 + c * it.module, y + 4 * it.module + r * it.module, it.module, it.module);
        break;
      }
      case 'barcode': {
        let x = left(it.data.length * 11 * 2, it.align);
        for (const ch of it.data) {
          const code = ch.charCodeAt(0);
          for (let bit = 0; bit < 11; bit++, x += 2) if ((code >> bit % 7) & 1 || bit === 0) rect(x, y, 2, 80);
        }
        break;
      }
      case 'image': {
        const x0 = left(it.widthBytes * 8, it.align);
        for (let r = 0; r < it.height; r++)
          for (let c = 0; c < it.widthBytes * 8; c++) if (it.data[r * it.widthBytes + (c >> 3)]! & (0x80 >> (c & 7))) dot(x0 + c, y + r);
        break;
      }
      case 'cut':
        for (let x = 0; x < widthDots; x += it.full ? 4 : 12) rect(x, y + 4, 2, 2, 0);
        break;
      case 'feed':
        break;
    }
    y += itemHeight(it);
  }
  for (let k = 0; k < gray.length; k++) {
    png.data[k * 4] = png.data[k * 4 + 1] = png.data[k * 4 + 2] = gray[k]!;
    png.data[k * 4 + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: 0 });
}

function itemHeight(it: RenderItem): number {
  switch (it.kind) {
    case 'text':
      return LINE * it.height;
    case 'qr':
      return (QRCode.create(it.data, { errorCorrectionLevel: 'M' }).modules.size + 8) * it.module;
    case 'barcode':
      return 80 + LINE;
    case 'image':
      return it.height;
    case 'feed':
      return it.dots;
    case 'cut':
      return 10;
  }
}
