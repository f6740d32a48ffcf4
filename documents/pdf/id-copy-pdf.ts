import type { CjkFontOptions } from '../../drivers/document-printer/cjk-font.js';
import type { CalibrationOffset } from '../license/license-pdf.js';
import { beginCalibratedPage, createCjkDocument, mmToPt, zonedDateTime } from './pdf-document.js';
import { textWidth } from './text-fit.js';

/** One side of the card as the document camera's processing left it (rectified, 300 dpi). */
export interface CardSide {
  format: 'png' | 'jpeg';
  bytes: Buffer;
  width: number;
  height: number;
}

export interface IdCopyRenderOptions {
  front: CardSide;
  back: CardSide;
  /** The line across both sides, e.g. 仅供办理银行业务使用 (contracts/materials.ts idCopyWatermark). */
  watermark: string;
  kioskId: string;
  at: Date;
  /** This kiosk's A4 tray offset. */
  offset?: CalibrationOffset;
  font?: CjkFontOptions;
  creationDate?: Date;
}

const mm = mmToPt;
const A4 = { widthMm: 210, heightMm: 297 } as const;
/** ISO/IEC 7810 ID-1, the second-generation ID card's size: the copy is printed at its real size, as a photocopier would. */
export const CARD_MM = { w: 85.6, h: 54 } as const;
/** The two sides' top edges: both in the upper half, so the sheet folds once and the copy stays readable. */
export const SIDE_TOP_MM = { front: 50, back: 130 } as const;
const WATERMARK_PT = 15;

/** Hall time (China Standard Time), `YYYY-MM-DD HH:MM`. */
const hallTime = (d: Date): string => zonedDateTime(d, 'Asia/Shanghai');

/**
 * The ID card copy (身份证复印件): front and back on one A4 portrait sheet at the card's real size,
 * one above the other, each crossed by the watermark line in grey (over the card, so it cannot be
 * cut off without cutting the card) and the same line printed plainly under it. The page is exactly
 * A4 so CUPS prints it unscaled. The card images are embedded as they are; nothing else personal
 * (no name, no number in text) is on the sheet.
 */
export async function renderIdCopyPdf(o: IdCopyRenderOptions): Promise<Buffer> {
  const { doc, advance, end } = createCjkDocument({ title: '居民身份证复印件', font: o.font, creationDate: o.creationDate });
  beginCalibratedPage(doc, [mm(A4.widthMm), mm(A4.heightMm)], o.offset ?? { xMm: 0, yMm: 0 }, true);
  const centre = mm(A4.widthMm / 2);
  const centred = (s: string, y: number, pt: number) => {
    // Measured before the size is set: measuring a new character changes the document's font size.
    const x = centre - textWidth(s, pt, advance) / 2;
    doc.fontSize(pt).text(s, x, y, { lineBreak: false, baseline: 'alphabetic' });
  };
  const w = mm(CARD_MM.w);
  const h = mm(CARD_MM.h);
  const x = centre - w / 2;
  for (const [side, top] of [[o.front, SIDE_TOP_MM.front], [o.back, SIDE_TOP_MM.back]] as const) {
    const y = mm(top);
    // A card photographed a little short or long of ID-1 is fitted into the box, never stretched.
    const s = Math.min(w / side.width, h / side.height);
    const iw = side.width * s;
    const ih = side.height * s;
    doc.image(side.bytes, x + (w - iw) / 2, y + (h - ih) / 2, { width: iw, height: ih });
    doc.save();
    doc.fillColor('#555555').fillOpacity(0.55);
    centred(o.watermark, y + h / 2 + WATERMARK_PT / 3, WATERMARK_PT);
    doc.restore();
    doc.fillColor('black').fillOpacity(1);
    centred(o.watermark, y + h + mm(8), 11);
  }
  centred(`自助终端 ${o.kioskId} 复印 · ${hallTime(o.at)}（北京时间）· 再次复印无效`, mm(A4.heightMm - 20), 7);
  return end();
}
