import type { ReceiptDocument, ReceiptLine } from '../../drivers/core/device.js';
import { printableDocument } from '../../drivers/receipt-printer/printable-text.js';
import { formatReceiptTime } from '../../documents/receipts/templates.js';
import { maskName } from '../../contracts/mask.js';

/** Data of a lookup receipt: what the citizen saw on screen, line by line. */
export interface LookupReceiptData {
  hallName: string;
  serviceName: string;
  title: string;
  at: Date | string;
  kioskId: string;
  /** Printed masked. */
  applicantName: string | null;
  lines: { label: string; value: string }[];
  locale?: 'zh-CN' | 'en';
  timeZone?: string;
}

/** A printed query result (e.g. 社保缴费记录): names masked, a note that it is for reference. */
export function lookupReceipt(d: LookupReceiptData): ReceiptDocument {
  const en = d.locale === 'en';
  const lines: ReceiptLine[] = [
    { type: 'text', text: d.hallName, align: 'center', bold: true },
    { type: 'text', text: d.serviceName, align: 'center', bold: true, size: 2 },
    { type: 'rule' },
    { type: 'text', text: `${en ? 'Time: ' : '查询时间：'}${formatReceiptTime(d.at, d.timeZone)}` },
    { type: 'text', text: `${en ? 'Kiosk: ' : '终端编号：'}${d.kioskId}` },
  ];
  if (d.applicantName) lines.push({ type: 'text', text: `${en ? 'For: ' : '查询人：'}${maskName(d.applicantName)}` });
  lines.push({ type: 'rule' }, { type: 'text', text: d.title, bold: true });
  for (const l of d.lines) lines.push({ type: 'text', text: l.label ? `${l.label}${en ? ': ' : '：'}${l.value}` : l.value });
  lines.push(
    { type: 'rule' },
    { type: 'text', text: en ? 'For reference only; the service system’s record prevails' : '本凭条仅供参考，以业务系统记录为准', align: 'center' },
    { type: 'feed', lines: 1 },
  );
  return printableDocument({ lines, cut: 'partial' }, d.locale ?? 'zh-CN');
}
