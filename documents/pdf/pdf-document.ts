import PDFDocument from 'pdfkit';
import { resolveCjkFont, type CjkFontOptions } from '../../drivers/document-printer/cjk-font.js';
import type { Advance } from './text-fit.js';

/** The name the CJK font is registered under in every document. */
export const CJK_FONT = 'cjk';

/** Points per millimetre (1 pt = 1/72 in). */
export const mmToPt = (v: number): number => (v * 72) / 25.4;

/**
 * A pdfkit document with no page yet, the CJK font registered (pdfkit embeds only the glyphs used,
 * with a ToUnicode map, so text stays searchable), the bytes collected, and an `advance` that
 * measures a character's width per point of font size (memoised: layout measures many times).
 */
/**
 * Start a page of a document for a calibrated tray: the previous page's calibration is undone, and
 * the tray's offset is a translation of the whole page (CUPS has no page offset for PDF jobs).
 * Black CJK text from here on.
 */
export function beginCalibratedPage(doc: PDFKit.PDFDocument, size: [number, number], offset: { xMm: number; yMm: number }, first: boolean): void {
  if (!first) doc.restore();
  doc.addPage({ size, margin: 0 });
  doc.save();
  doc.translate(mmToPt(offset.xMm), mmToPt(offset.yMm));
  doc.font(CJK_FONT).fillColor('black');
}

export function createCjkDocument(o: { title: string; font: CjkFontOptions | undefined; creationDate: Date | undefined }): {
  doc: PDFKit.PDFDocument;
  advance: Advance;
  /** End the document; resolves to its bytes. */
  end(): Promise<Buffer>;
} {
  const f = resolveCjkFont(o.font);
  const doc = new PDFDocument({
    margin: 0,
    autoFirstPage: false,
    compress: true,
    info: { Title: o.title, Producer: 'OpenKiosk document printer', Creator: 'OpenKiosk', CreationDate: o.creationDate ?? new Date() },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(CJK_FONT, f.data, f.name as string);
  const widths = new Map<string, number>();
  const advance: Advance = (ch) => {
    let w = widths.get(ch);
    if (w === undefined) {
      doc.font(CJK_FONT).fontSize(100);
      w = doc.widthOfString(ch) / 100;
      widths.set(ch, w);
    }
    return w;
  };
  return {
    doc,
    advance,
    end: () => {
      doc.end();
      return done;
    },
  };
}

/** `YYYY-MM-DD HH:MM` in `timeZone` (the hall's, never the machine's). */
export function zonedDateTime(d: Date, timeZone: string): string {
  const p = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const g = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${g('year')}-${g('month')}-${g('day')} ${g('hour')}:${g('minute')}`;
}
