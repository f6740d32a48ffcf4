import { randomUUID } from 'node:crypto';
import createDebug from 'debug';
import type { IdCard } from '../../contracts/devices.js';
import { KioskError, toErrorData } from '../../contracts/errors.js';
import { maskName } from '../../contracts/mask.js';
import type { LicensePrintResult, LicenseSummary } from '../../contracts/protocol.js';
import { checkUscc } from '../../contracts/uscc.js';
import type { ReceiptDocument } from '../../drivers/core/device.js';
import { blockingError } from '../../drivers/document-printer/cups-status.js';
import type { DocumentPrinterService, Paper } from '../../drivers/document-printer/document-printer-service.js';
import type { CjkFontOptions } from '../../drivers/document-printer/cjk-font.js';
import { findAuthorisedPerson, idNumberSha256 } from '../../documents/license/license-authorisation.js';
import { PrintAudit, type AuthorisedPerson, type LicenseCopy, type LicenseRecord } from '../../documents/license/license-data.js';
import { renderLicensePdf, type CalibrationOffset } from '../../documents/license/license-pdf.js';
import { fetchLicenseRecord, type RegistryClientOptions } from '../../documents/license/registry-client.js';
import { formatReceiptTime } from '../../documents/receipts/templates.js';
import type { SheetSerials } from './sheet-serial-store.js';

const log = createDebug('kiosk:license');

/** Offline-queue service ids of the license flow's records (the back end files them for the registry). */
export const LICENSE_AUDIT_SERVICE = 'license-print-audit';
export const LICENSE_REFUSAL_SERVICE = 'license-print-refusal';

/** The paper each copy is printed on. */
export const PAPER_OF: Record<LicenseCopy, Paper> = { original: 'A3', duplicate: 'A4' };

const ROLE_ZH: Record<string, string> = {
  'legal-representative': '法定代表人',
  operator: '经营者',
  'executive-partner': '执行事务合伙人',
  'person-in-charge': '负责人',
  'authorised-agent': '授权代理人',
};

/** What the license desk needs from the host (injected so its logic is tested without a host). */
export interface LicenseDeskDeps {
  kioskId: string;
  hallName: string;
  /** The registry back end (the configured back end, or the embedded demo). */
  registry(): RegistryClientOptions;
  printer: DocumentPrinterService;
  /** Store durably in the offline queue; returns the item id. */
  enqueue(serviceId: string, payload: Record<string, unknown>): string;
  /** This kiosk's calibration per tray, read at print time (a technician may just have saved it). */
  calibration(): Record<Paper, CalibrationOffset>;
  font: CjkFontOptions;
  /** Print a receipt on the receipt printer. */
  printReceipt(doc: ReceiptDocument, signal: AbortSignal): Promise<void>;
  /** The trays' sheet-serial counters (`documents.stock`); left out, no stock is numbered and audits carry no serial. */
  sheetSerials?: Pick<SheetSerials, 'peek' | 'reserve'>;
  now?(): Date;
}

/** A refusal as queued under {@link LICENSE_REFUSAL_SERVICE}: no name, no ID number, only its SHA-256. */
export interface LicenseRefusal {
  id: string;
  kioskId: string;
  uscc: string;
  reason: 'not-authorised' | 'no-copies-left';
  applicantIdSha256: string;
  at: string;
}

interface Current {
  uscc: string;
  record: LicenseRecord;
  person: AuthorisedPerson | null;
  applicantSha: string;
  printed: Record<LicenseCopy, number>;
}

/**
 * The business-license desk of one kiosk: looks a license up for the identified citizen,
 * decides on the host whether they may print it (ID number matched by SHA-256 against the registry's
 * authorised persons), prints the copy on the document printer with this kiosk's calibration, and
 * records prints, spoiled sheets and refusals through the offline queue. One license per session;
 * {@link wipe} forgets it.
 */
export class LicenseDesk {
  private current: Current | null = null;

  constructor(private readonly deps: LicenseDeskDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async lookup(identity: IdCard, uscc: string, signal: AbortSignal): Promise<LicenseSummary> {
    // GB 32100 check before any query: a mistyped code never reaches the registry.
    const check = checkUscc(uscc);
    if (!check.valid) {
      throw new KioskError('bad-request', check.reason === 'check-char' ? 'unified social credit code: wrong check character (GB 32100)' : 'not an 18-character unified social credit code (GB 32100)');
    }
    const code = check.normalised;
    const record = await fetchLicenseRecord(code, { ...this.deps.registry(), signal });
    const person = findAuthorisedPerson(record, identity.idNumber);
    const applicantSha = idNumberSha256(identity.idNumber);
    const same = this.current && this.current.uscc === code && this.current.applicantSha === applicantSha;
    const printed = same ? this.current!.printed : { original: 0, duplicate: 0 };
    this.current = { uscc: code, record, person, applicantSha, printed };
    const allowed = this.remaining();
    let reason: LicenseSummary['reason'] = null;
    if (!person) reason = 'not-authorised';
    else if (allowed.original + allowed.duplicate === 0) reason = 'no-copies-left';
    if (reason) this.refuse(code, reason, applicantSha);
    const lic = record.license;
    return {
      uscc: code,
      name: lic.name,
      typeText: lic.typeText,
      representativeRole: lic.representative.role,
      maskedRepresentative: maskName(lic.representative.name),
      authorised: reason === null,
      reason,
      role: person?.role ?? null,
      allowed: person ? allowed : { original: 0, duplicate: 0 },
    };
  }

  private remaining(): Record<LicenseCopy, number> {
    const c = this.current;
    if (!c) return { original: 0, duplicate: 0 };
    const p = c.record.printPolicy;
    return { original: Math.max(0, p.originalCopies - c.printed.original), duplicate: Math.max(0, p.duplicateCopies - c.printed.duplicate) };
  }

  private refuse(uscc: string, reason: LicenseRefusal['reason'], applicantIdSha256: string): void {
    const refusal: LicenseRefusal = { id: randomUUID(), kioskId: this.deps.kioskId, uscc, reason, applicantIdSha256, at: this.now().toISOString() };
    const queued = this.deps.enqueue(LICENSE_REFUSAL_SERVICE, { ...refusal });
    log('license %s: refused (%s), recorded as %s', uscc, reason, queued);
  }

  async print(identity: IdCard, p: { uscc: string; copy: LicenseCopy; copies: number }, signal: AbortSignal): Promise<LicensePrintResult> {
    const c = this.current;
    const check = checkUscc(p.uscc);
    if (!c || !check.valid || c.uscc !== check.normalised) throw new KioskError('bad-request', 'license.print: look the license up first in this session');
    if (!c.person || c.applicantSha !== idNumberSha256(identity.idNumber)) throw new KioskError('forbidden', 'license.print: the identified citizen may not print this license');
    const left = this.remaining()[p.copy];
    if (p.copies > left) throw new KioskError('forbidden', `license.print: ${left} ${p.copy} sheet(s) may still be printed in this visit`);
    const paper = PAPER_OF[p.copy];
    // Numbered stock with no registered serial: refused before the printer is even asked.
    this.deps.sheetSerials?.peek(paper, p.copies);

    // The printer first: online, paper, no error. Nothing is rendered, printed or recorded otherwise.
    const status = await this.deps.printer.readStatus({ timeoutMs: 10_000, signal });
    const block = blockingError(status);
    if (block) throw new KioskError(block.code, `document printer not ready for the ${paper} ${p.copy}: ${block.detail}`, block.code !== 'device-error');

    const pdf = await renderLicensePdf(c.record.license, { copy: p.copy, offset: this.deps.calibration()[paper], font: this.deps.font });
    // Every sheet sent takes its serial now, in order, durably: printed or spoiled, it is accounted for.
    const serials = this.deps.sheetSerials?.reserve(paper, p.copies) ?? null;
    const audit = (outcome: 'printed' | 'spoiled', reason: string | null, sheet: number): string => {
      const a = PrintAudit.parse({
        id: randomUUID(),
        kioskId: this.deps.kioskId,
        uscc: c.uscc,
        copy: p.copy,
        outcome,
        reason,
        sheetSerial: serials?.[sheet] ?? null,
        role: c.person!.role,
        applicantIdSha256: c.applicantSha,
        at: this.now().toISOString(),
      });
      this.deps.enqueue(LICENSE_AUDIT_SERVICE, { ...a });
      return a.id;
    };
    let jobId: string;
    try {
      const out = await this.deps.printer.printPdf(pdf, { paper, copies: p.copies, timeoutMs: 120_000 + p.copies * 30_000, signal, title: `business license ${p.copy}` });
      jobId = out.jobId;
    } catch (e) {
      // The job reached the spooler: a sheet of security stock may be spoiled. Recorded as such, never as printed.
      const code = e instanceof KioskError ? e.code : 'device-error';
      for (let i = 0; i < p.copies; i++) audit('spoiled', code, i);
      log('license %s %s: not printed (%s)', c.uscc, p.copy, code);
      throw e;
    }
    const auditIds: string[] = [];
    for (let i = 0; i < p.copies; i++) auditIds.push(audit('printed', null, i));
    c.printed[p.copy] += p.copies;
    log('license %s %s ×%d printed (job %s%s)', c.uscc, p.copy, p.copies, jobId, serials ? `, sheets ${serials.join(', ')}` : '');

    let receipt: LicensePrintResult['receipt'] = { printed: true, error: null };
    try {
      await this.deps.printReceipt(this.receipt(identity, p.copy, p.copies, jobId, serials), signal);
    } catch (e) {
      // The license is printed and recorded; a receipt problem must not hide that from the citizen.
      log('license receipt not printed: %s', e instanceof Error ? e.message : String(e));
      receipt = { printed: false, error: toErrorData(e) };
    }
    return { jobId, copy: p.copy, paper, copies: p.copies, auditIds, remaining: this.remaining(), receipt };
  }

  private receipt(identity: IdCard, copy: LicenseCopy, copies: number, jobId: string, serials: string[] | null): ReceiptDocument {
    const c = this.current!;
    return {
      lines: [
        { type: 'text', text: this.deps.hallName, align: 'center', bold: true },
        { type: 'text', text: '营业执照自助打印', align: 'center', bold: true, size: 2 },
        { type: 'rule' },
        { type: 'text', text: `打印时间：${formatReceiptTime(this.now())}` },
        { type: 'text', text: `终端编号：${this.deps.kioskId}` },
        { type: 'text', text: `统一社会信用代码：${c.uscc}` },
        { type: 'text', text: `名称：${c.record.license.name}` },
        { type: 'text', text: `打印：${copy === 'original' ? '正本（A3）' : '副本（A4）'} ${copies} 份` },
        { type: 'text', text: `申请人：${maskName(identity.name)}（${ROLE_ZH[c.person!.role] ?? c.person!.role}）` },
        { type: 'text', text: `作业号：${jobId}` },
        ...(serials ? [{ type: 'text' as const, text: `证照纸编号：${serials.join('、')}` }] : []),
        { type: 'rule' },
        { type: 'text', text: '打印记录已报送登记机关。请妥善保管营业执照。', align: 'center' },
        { type: 'feed', lines: 1 },
      ],
      cut: 'partial',
    };
  }

  /** Forget the license of the session (session end). */
  wipe(): void {
    this.current = null;
  }
}
