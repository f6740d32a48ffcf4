import { createCjkDocument, CJK_FONT } from '../../../documents/pdf/pdf-document.js';
import type { CjkFontOptions } from '../../../drivers/document-printer/cjk-font.js';

export interface PdfPage {
  /** The page's name from the service definition, e.g. 户口簿首页. */
  name: string;
  format: 'png' | 'jpeg';
  bytes: Buffer;
  width: number;
  height: number;
}

/** A4 in points. */
const A4 = { w: 595.28, h: 841.89 };

/**
 * One material's pages as one PDF: each page on its own A4 sheet (landscape for a landscape page),
 * the image filling it at its 300 dpi. pdfkit embeds JPEG and PNG data as they are (no re-encoding),
 * so a page costs its compressed size. The page's name goes under the image as invisible text, as an
 * OCR layer would: the back end's staff can search the PDF by it, and nobody sees it printed on the scan.
 */
export async function assembleMaterialPdf(o: { title: string; pages: PdfPage[]; font?: CjkFontOptions; creationDate?: Date }): Promise<Buffer> {
  const { doc, end } = createCjkDocument({ title: o.title, font: o.font, creationDate: o.creationDate });
  for (const p of o.pages) {
    const landscape = p.width > p.height;
    const size = landscape ? { w: A4.h, h: A4.w } : A4;
    doc.addPage({ size: [size.w, size.h], margin: 0 });
    const s = Math.min(size.w / p.width, size.h / p.height);
    const w = p.width * s;
    const h = p.height * s;
    doc.font(CJK_FONT).fontSize(8).fillOpacity(0).text(p.name, 12, size.h - 14, { lineBreak: false });
    doc.fillOpacity(1);
    doc.image(p.bytes, (size.w - w) / 2, (size.h - h) / 2, { width: w, height: h });
  }
  return end();
}
