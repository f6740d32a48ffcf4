import createDebug from 'debug';
import type { KioskConfig } from '../../../contracts/config.js';
import { KioskError } from '../../../contracts/errors.js';
import { idCopyWatermark } from '../../../contracts/materials.js';
import { renderIdCopyPdf } from '../../../documents/pdf/id-copy-pdf.js';
import type { DocumentPrinterService } from '../../../drivers/document-printer/document-printer-service.js';
import { effectiveCalibration } from '../diagnostics/calibration-store.js';
import type { MaterialsDesk } from './materials-desk.js';

const log = createDebug('kiosk:materials');

export interface IdCopyDeps {
  readonly config: KioskConfig;
  readonly desk: Pick<MaterialsDesk, 'idCopySides' | 'taken'>;
  readonly printer: () => Pick<DocumentPrinterService, 'printPdf'>;
}

/**
 * The ID card copy (身份证复印): both sides the citizen took on one A4 sheet with their "仅供…使用"
 * line, on the document printer. The sheet is rendered in memory; once the printer has it the
 * sides are wiped, so a copy is printed once per capture (another copy means another capture).
 * Nothing is queued: the card's images never leave the kiosk except on paper.
 */
export async function printIdCopy(d: IdCopyDeps, p: { serviceId: string; stepId: string; purpose: string }, signal: AbortSignal): Promise<{ jobId: string; watermark: string }> {
  const watermark = idCopyWatermark(p.purpose);
  if (!watermark) throw new KioskError('bad-request', 'materials.printIdCopy: the purpose must be 1–16 printable characters');
  const { front, back } = d.desk.idCopySides(p.serviceId, p.stepId);
  // A copy on numbered license stock would use a security sheet no audit accounts for.
  if (d.config.documents.stock.A4.numbered) throw new KioskError('not-available', 'the A4 tray holds numbered license stock (documents.stock.A4): ID copies are not printed on it');
  const pdf = await renderIdCopyPdf({
    front,
    back,
    watermark,
    kioskId: d.config.kioskId,
    at: new Date(),
    offset: effectiveCalibration(d.config).A4,
    font: { fontPath: d.config.documents.fontPath, fontName: d.config.documents.fontName },
  });
  try {
    // printPdf checks the printer (online, paper, no error) before it submits anything; a refusal
    // leaves the sides held, so the citizen can try again once staff have seen to the printer.
    const out = await d.printer().printPdf(pdf, { paper: 'A4', timeoutMs: 120_000, signal, title: 'ID card copy' });
    d.desk.taken(p.serviceId);
    log('%s: ID card copy printed (job %s)', p.serviceId, out.jobId);
    return { jobId: out.jobId, watermark };
  } finally {
    pdf.fill(0);
  }
}
