import type { CjkFontOptions } from '../../drivers/document-printer/cjk-font.js';
import type { CalibrationOffset } from '../license/license-pdf.js';
import { beginCalibratedPage, createCjkDocument, mmToPt, zonedDateTime } from './pdf-document.js';
import { textWidth, wrapText } from './text-fit.js';

/**
 * An A4 certificate on plain paper from the document printer (a hall prints records such as
 * the social-insurance payment record on A4, not on the receipt roll). The page is exactly A4
 * portrait so CUPS prints it with `print-scaling=none`; long content continues on further pages.
 * Only masked personal data goes on it: the kiosk prints what the citizen saw on screen.
 */
export interface CertificateRenderOptions {
  /** Heading, e.g. `社保缴费记录查询`. */
  title: string;
  /** Issuing hall, printed under the title. */
  hallName: string;
  /** Masked applicant name (`王*明`), or null when the service has none. */
  applicantMaskedName: string | null;
  /** Label/value lines as on the screen; a line with an empty label is a full-width row. */
  lines: readonly { label: string; value: string }[];
  kioskId: string;
  at: Date;
  /** This kiosk's A4 tray offset (the same calibration as the license duplicate). */
  offset?: CalibrationOffset;
  font?: CjkFontOptions;
  creationDate?: Date;
}

const mm = mmToPt;
/** A4 portrait, mm. */
const A4 = { widthMm: 210, heightMm: 297 } as const;
const MARGIN_MM = 20;
const BODY_PT = 11;
const LINE = 1.6;
const LABEL_MM = 45;

/** Hall time (China Standard Time), `YYYY-MM-DD HH:MM`. */
const hallTime = (d: Date): string => zonedDateTime(d, 'Asia/Shanghai');

/** Render the certificate; resolves to the PDF bytes. Rejects with `device-offline` when no CJK font is installed. */
export async function renderCertificatePdf(o: CertificateRenderOptions): Promise<Buffer> {
  const size: [number, number] = [mm(A4.widthMm), mm(A4.heightMm)];
  const { doc, advance, end } = createCjkDocument({ title: o.title, font: o.font, creationDate: o.creationDate });
  const offset = o.offset ?? { xMm: 0, yMm: 0 };
  const left = mm(MARGIN_MM);
  const right = mm(A4.widthMm - MARGIN_MM);
  const bottom = mm(A4.heightMm - MARGIN_MM - 12);
  const text = (s: string, x: number, y: number, pt: number) => doc.fontSize(pt).text(s, x, y, { lineBreak: false, baseline: 'alphabetic' });
  const footer = `自助终端 ${o.kioskId} 打印 · ${hallTime(o.at)}（北京时间）· 本页由自助终端按查询结果打印，个人信息已作遮挡`;
  let pageNo = 0;
  let y = 0;
  const newPage = () => {
    beginCalibratedPage(doc, size, offset, pageNo === 0);
    pageNo++;
    text(footer, left, mm(A4.heightMm - MARGIN_MM), 7);
    text(`第 ${pageNo} 页`, right - textWidth(`第 ${pageNo} 页`, 7, advance), mm(A4.heightMm - MARGIN_MM), 7);
    y = mm(MARGIN_MM) + 10;
  };
  newPage();
  const titleW = textWidth(o.title, 18, advance);
  text(o.title, (mm(A4.widthMm) - titleW) / 2, y + 10, 18);
  y += 30;
  const sub = o.applicantMaskedName ? `${o.hallName} · 申请人 ${o.applicantMaskedName}` : o.hallName;
  text(sub, (mm(A4.widthMm) - textWidth(sub, 10, advance)) / 2, y, 10);
  y += 12;
  doc.moveTo(left, y).lineTo(right, y).lineWidth(0.8).strokeColor('black').stroke();
  y += BODY_PT * LINE + 4;
  const lh = BODY_PT * LINE;
  for (const l of o.lines) {
    const valueX = l.label ? left + mm(LABEL_MM) : left;
    const rows = wrapText(l.value || '—', right - valueX, BODY_PT, advance);
    for (let i = 0; i < rows.length; i++) {
      if (y > bottom) newPage();
      if (i === 0 && l.label) text(l.label, left, y, BODY_PT);
      text(rows[i]!, valueX, y, BODY_PT);
      y += lh;
    }
    if (!l.label) {
      doc.moveTo(left, y - lh + 4).lineTo(right, y - lh + 4).lineWidth(0.2).strokeColor('#909090').stroke();
    }
  }
  doc.restore();
  return end();
}
