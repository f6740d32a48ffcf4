import QRCode from 'qrcode';
import { KioskError } from '../../contracts/errors.js';
import type { CjkFontOptions } from '../../drivers/document-printer/cjk-font.js';
import { defaultLayoutId, loadLayout, loadLicenseItems, type ItemField, type ItemSlot, type LicenseLayout } from './layout.js';
import type { LicenseCopy, LicenseData } from './license-data.js';
import { CJK_FONT, createCjkDocument, mmToPt } from '../pdf/pdf-document.js';
import { fitScope, wrapText, type Advance } from '../pdf/text-fit.js';

/**
 * Business-license PDFs for pre-printed stock (套打), peripherals.md §5: the page is exactly the
 * paper (A3/A4 landscape) so CUPS can print it with `print-scaling=none`; every position comes from a
 * layout file; the kiosk's calibration offset is applied here as a translation of the whole page,
 * because CUPS has no page offset for PDF jobs.
 */

/** A tray's calibration, mm: positive x moves the print right, positive y moves it down. */
export interface CalibrationOffset {
  xMm: number;
  yMm: number;
}

export interface LicenseRenderOptions {
  copy: LicenseCopy;
  /** Layout id or file (default: `license-original-a3` / `license-duplicate-a4`), or a loaded layout. */
  layout?: string | LicenseLayout;
  /** This kiosk's offset for the tray the sheet comes from. Default 0/0. */
  offset?: CalibrationOffset;
  font?: CjkFontOptions;
  /** PDF creation date (default now); fixed in tests for reproducible files. */
  creationDate?: Date;
}

export interface CalibrationRenderOptions {
  paper: 'A3' | 'A4';
  offset?: CalibrationOffset;
  layout?: string | LicenseLayout;
  font?: CjkFontOptions;
  creationDate?: Date;
}

const mm = mmToPt;
const FONT = CJK_FONT;

function layoutFor(copyOrPaper: LicenseCopy, layout: string | LicenseLayout | undefined): LicenseLayout {
  if (typeof layout === 'object') return layout;
  return loadLayout(layout ?? defaultLayoutId(copyOrPaper));
}

/** One landscape page of exactly the layout's size, the CJK font registered, the offset applied. */
function openDocument(layout: LicenseLayout, title: string, offset: CalibrationOffset, font: CjkFontOptions | undefined, creationDate: Date | undefined) {
  const { doc, advance, end } = createCjkDocument({ title, font, creationDate });
  doc.addPage({ size: [mm(layout.widthMm), mm(layout.heightMm)], margin: 0 });
  doc.font(FONT);
  doc.save();
  doc.translate(mm(offset.xMm), mm(offset.yMm));
  const finish = () => {
    doc.restore();
    return end();
  };
  return { doc, advance, finish };
}

/** Draw one line with its baseline at (x, y) in points. */
function line(doc: PDFKit.PDFDocument, text: string, x: number, y: number, sizePt: number): void {
  doc.fontSize(sizePt).text(text, x, y, { lineBreak: false, baseline: 'alphabetic' });
}

function isoToCn(d: string): string {
  const [y, m, day] = d.split('-');
  return `${y}年${m}月${day}日`;
}

function itemValue(license: LicenseData, field: ItemField): string | null {
  switch (field) {
    case 'name':
      return license.name;
    case 'typeText':
      return license.typeText;
    case 'representative':
      return license.representative.name;
    case 'capital':
      return license.capital;
    case 'compositionForm':
      return license.compositionForm;
    case 'established':
      return isoToCn(license.establishedDate);
    case 'term':
      if (!license.termFrom) return null;
      return `${isoToCn(license.termFrom)} 至 ${license.termTo === 'long-term' || license.termTo === null ? '长期' : isoToCn(license.termTo)}`;
    case 'address':
      return license.address;
  }
}

/** Shrink within the slot's limits, then wrap onto its lines; refuse rather than print a cut-off value. */
function drawItem(doc: PDFKit.PDFDocument, advance: Advance, slot: ItemSlot, label: string, value: string, lineHeight: number): void {
  for (let size = slot.sizePt; size >= slot.minSizePt - 1e-9; size -= 0.5) {
    const lines = wrapText(value, mm(slot.valueWidthMm), size, advance);
    if (lines.length <= slot.maxLines) {
      line(doc, label, mm(slot.labelXMm), mm(slot.yMm), slot.sizePt);
      lines.forEach((l, i) => line(doc, l, mm(slot.valueXMm), mm(slot.yMm) + i * size * lineHeight, size));
      return;
    }
  }
  throw new KioskError('bad-request', `license item ${label} is too long for the layout`);
}

function drawQr(doc: PDFKit.PDFDocument, data: string, xMm: number, yMm: number, sizeMm: number): void {
  const qr = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2; // modules of white around the code inside the window
  const cell = mm(sizeMm) / (n + 2 * quiet);
  const x0 = mm(xMm) + quiet * cell;
  const y0 = mm(yMm) + quiet * cell;
  for (let r = 0; r < n; r++) {
    // One rectangle per horizontal run of dark modules: smaller file, no hairlines between modules.
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      doc.rect(x0 + start * cell, y0 + r * cell, (c - start) * cell, cell);
    }
  }
  doc.fillColor('black').fill();
}

/**
 * Render a business license (正本 A3 / 副本 A4, landscape) for pre-printed stock: the code, the
 * recorded items of its entity type, the business scope (shrunk within limits, then continued in
 * the overflow area), the QR code of `license.verificationUrl`, the issue date into the pre-printed
 * 年 月 日 line and, on the duplicate, the annual-report reminder. Rejects with `bad-request` when a
 * value cannot fit the layout and `device-offline` when no CJK font is installed.
 */
export async function renderLicensePdf(license: LicenseData, options: LicenseRenderOptions): Promise<Buffer> {
  const layout = layoutFor(options.copy, options.layout);
  if (layout.copy !== options.copy) throw new KioskError('bad-request', `layout ${layout.id} is for the ${layout.copy}, not the ${options.copy}`);
  const { doc, advance, finish } = openDocument(layout, `营业执照 ${license.uscc}`, options.offset ?? { xMm: 0, yMm: 0 }, options.font, options.creationDate);
  doc.fillColor('black');
  line(doc, layout.codeLabel.text, mm(layout.codeLabel.xMm), mm(layout.codeLabel.yMm), layout.codeLabel.sizePt);
  line(doc, license.uscc, mm(layout.code.xMm), mm(layout.code.yMm), layout.code.sizePt);

  const items = loadLicenseItems()[license.entityType];
  const slots = { left: [...layout.leftSlots], right: [...layout.rightSlots] };
  for (const item of items) {
    const value = itemValue(license, item.field);
    if (value === null) continue;
    const slot = slots[item.column].shift();
    if (!slot) throw new KioskError('internal', `layout ${layout.id} has too few ${item.column} slots for ${license.entityType}`);
    drawItem(doc, advance, slot, item.label, value, layout.lineHeight);
  }

  const s = layout.scope;
  line(doc, s.label.text, mm(s.label.xMm), mm(s.label.yMm), layout.leftSlots[0]!.sizePt);
  const fit = fitScope(
    license.businessScope,
    { widthPt: mm(s.box.widthMm), heightPt: mm(s.box.heightMm) },
    { widthPt: mm(s.overflow.widthMm), heightPt: mm(s.overflow.heightMm) },
    { sizePt: s.sizePt, minSizePt: s.minSizePt, stepPt: s.stepPt, lineHeight: layout.lineHeight, continuedMark: s.continuedMark },
    advance,
  );
  if (!fit) throw new KioskError('bad-request', `the business scope (${license.businessScope.length} characters) does not fit layout ${layout.id} even with its overflow area`);
  // Baseline of the first line sits one font ascent (≈ size) below the box's top edge.
  fit.boxLines.forEach((l, i) => line(doc, l, mm(s.box.xMm), mm(s.box.yMm) + fit.sizePt + i * fit.lineHeightPt, fit.sizePt));
  fit.overflowLines.forEach((l, i) => line(doc, l, mm(s.overflow.xMm), mm(s.overflow.yMm) + fit.sizePt + i * fit.lineHeightPt, fit.sizePt));

  const [y, m, d] = license.issueDate.split('-') as [string, string, string];
  const dt = layout.issueDate;
  line(doc, y, mm(dt.year.xMm), mm(dt.year.yMm), dt.sizePt);
  line(doc, m, mm(dt.month.xMm), mm(dt.month.yMm), dt.sizePt);
  line(doc, d, mm(dt.day.xMm), mm(dt.day.yMm), dt.sizePt);

  if (layout.reminder) {
    const r = layout.reminder;
    wrapText(r.text, mm(r.widthMm), r.sizePt, advance).forEach((l, i) => line(doc, l, mm(r.xMm), mm(r.yMm) + i * r.sizePt * layout.lineHeight, r.sizePt));
  }
  drawQr(doc, license.verificationUrl, layout.qr.xMm, layout.qr.yMm, layout.qr.sizeMm);
  return finish();
}

/**
 * The calibration sheet (peripherals.md §5.4): a millimetre grid (bold every 10 mm, numbered) and a
 * crosshair at each of the layout's reference points, with this tray's offset applied. Printed on
 * plain paper and laid over a blank pre-printed sheet against the light, it shows how far to move.
 */
export async function renderCalibrationSheet(options: CalibrationRenderOptions): Promise<Buffer> {
  const layout = layoutFor(options.paper === 'A3' ? 'original' : 'duplicate', options.layout);
  if (layout.paper !== options.paper) throw new KioskError('bad-request', `layout ${layout.id} is for ${layout.paper}, not ${options.paper}`);
  const offset = options.offset ?? { xMm: 0, yMm: 0 };
  const { doc, finish } = openDocument(layout, `校准页 ${layout.paper} ${layout.id}`, offset, options.font, options.creationDate);
  const W = layout.widthMm;
  const H = layout.heightMm;
  for (const [step, width, color] of [
    [1, 0.15, '#d0d0d0'],
    [5, 0.3, '#a0a0a0'],
    [10, 0.6, '#505050'],
  ] as const) {
    for (let x = 0; x <= W; x += step) doc.moveTo(mm(x), 0).lineTo(mm(x), mm(H));
    for (let y = 0; y <= H; y += step) doc.moveTo(0, mm(y)).lineTo(mm(W), mm(y));
    doc.lineWidth(width).strokeColor(color).stroke();
  }
  doc.fillColor('#303030');
  for (let x = 10; x < W; x += 10) line(doc, String(x), mm(x) + 1, mm(4), 5);
  for (let y = 10; y < H; y += 10) line(doc, String(y), mm(1), mm(y) - 1, 5);

  doc.strokeColor('#d00000').fillColor('#d00000');
  for (const p of layout.referencePoints) {
    const x = mm(p.xMm);
    const y = mm(p.yMm);
    doc.moveTo(x - mm(6), y).lineTo(x + mm(6), y).moveTo(x, y - mm(6)).lineTo(x, y + mm(6)).lineWidth(0.5).stroke();
    doc.circle(x, y, mm(2)).lineWidth(0.5).stroke();
    const label = `${p.label} (${p.xMm}, ${p.yMm})`;
    doc.fontSize(6);
    // Labels near the right edge go to the left of the crosshair so they stay on the sheet.
    const lx = p.xMm > W - 40 ? x - mm(2.5) - doc.widthOfString(label) : x + mm(2.5);
    line(doc, label, lx, y - mm(2.5), 6);
  }
  doc.fillColor('black');
  const sign = (v: number) => (v >= 0 ? '+' : '') + v.toFixed(1);
  line(doc, `校准页 Calibration sheet — ${layout.id} (${layout.paper} ${W}×${H} mm)`, mm(W / 2 - 60), mm(H / 2 - 6), 11);
  line(doc, `本机偏移 offset x ${sign(offset.xMm)} mm, y ${sign(offset.yMm)} mm (右/下为正)`, mm(W / 2 - 60), mm(H / 2 + 2), 9);
  line(doc, '打印在白纸上，与预印空白纸对光重叠，测量十字中心与预印标记的距离并调整偏移。', mm(W / 2 - 60), mm(H / 2 + 9), 8);
  // A 100 mm bar: proves the sheet was printed unscaled.
  doc.moveTo(mm(W / 2 - 60), mm(H / 2 + 16)).lineTo(mm(W / 2 + 40), mm(H / 2 + 16)).lineWidth(1).strokeColor('black').stroke();
  line(doc, '100 mm', mm(W / 2 - 10), mm(H / 2 + 21), 8);
  return finish();
}
