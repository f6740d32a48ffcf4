import { maskName } from '../../contracts/mask.js';
import type { ReceiptDocument, ReceiptLine } from '../../drivers/core/device.js';
import { printableDocument } from '../../drivers/receipt-printer/printable-text.js';

/**
 * Receipt templates: plain data in, a {@link ReceiptDocument} out. Pure, so the renderer preview, the
 * printer and the tests see the same receipt. Names are masked here, never printed whole.
 */

/** The citizen's language: receipts follow it (the hall's name stays as configured). */
export type ReceiptLocale = 'zh-CN' | 'en';

const LABELS = {
  'zh-CN': {
    receiptTitle: '业务受理回执', service: '办理事项：', time: '办理时间：', kiosk: '终端编号：', applicant: '申请人：', caseNumber: '受理编号：',
    caseHint: '凭此编号可拨打12345或到窗口查询办理进度', offline: '网络暂不可用：您的申请已安全保存在本机，网络恢复后将自动提交，无需重复办理。',
    progress: '扫码查询办理进度', keep: '请妥善保管本回执', ticketTitle: '排队号', business: '办理业务：', goTo: '请到：',
    ahead: (n: number) => `您前面还有 ${n} 人等候`, ticketTime: '取号时间：', missed: '过号请重新取号，谢谢配合',
  },
  en: {
    receiptTitle: 'Application receipt', service: 'Service: ', time: 'Time: ', kiosk: 'Kiosk: ', applicant: 'Applicant: ', caseNumber: 'Case number: ',
    caseHint: 'Quote this number on 12345 or at a window to follow your case', offline: 'Saved on this kiosk: it will be sent automatically when the network is back; no need to apply again.',
    progress: 'Scan to follow your case', keep: 'Please keep this receipt', ticketTitle: 'Queue number', business: 'Business: ', goTo: 'Go to: ',
    ahead: (n: number) => `${n} ${n === 1 ? 'person' : 'people'} ahead of you`, ticketTime: 'Taken at: ', missed: 'If you miss your number, please take a new one',
  },
} as const;

/** Format an instant as `YYYY-MM-DD HH:mm` in the hall's time zone (default China Standard Time), never the machine's. */
export function formatReceiptTime(at: Date | string, timeZone = 'Asia/Shanghai'): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Data of a service receipt. */
export interface ServiceReceiptData {
  /** Service name as shown to the citizen, e.g. 个体工商户设立登记. */
  serviceName: string;
  /** When the submission was made. */
  at: Date | string;
  kioskId: string;
  /** Applicant's name; printed masked (`张*三`); empty (no identity, e.g. a 12345 complaint): no applicant line. */
  applicantName: string;
  /** Case / receipt number from the back end (or the kiosk's submission id while offline). */
  caseNumber: string;
  /** URL encoded in the QR code to check progress. */
  progressUrl: string;
  /** True when the submission is stored on the kiosk and will be sent when the network is back. */
  savedOffline?: boolean;
  hallName?: string;
  /** The citizen's language (default Chinese). */
  locale?: ReceiptLocale;
  /** The hall's IANA time zone (config `hall.timeZone`). */
  timeZone?: string;
}

function stamp(at: Date | string, timeZone: string | undefined, locale: ReceiptLocale): string {
  const t = formatReceiptTime(at, timeZone);
  const zone = timeZone && timeZone !== 'Asia/Shanghai' ? ` (${timeZone})` : locale === 'zh-CN' ? '' : ' (Beijing time)';
  return t + zone;
}

export function serviceReceipt(d: ServiceReceiptData): ReceiptDocument {
  const locale = d.locale ?? 'zh-CN';
  const L = LABELS[locale];
  const lines: ReceiptLine[] = [
    { type: 'text', text: d.hallName ?? '24小时自助服务厅', align: 'center', bold: true },
    { type: 'text', text: L.receiptTitle, align: 'center', bold: true, size: 2 },
    { type: 'rule' },
    { type: 'text', text: `${L.service}${d.serviceName}` },
    { type: 'text', text: `${L.time}${stamp(d.at, d.timeZone, locale)}` },
    { type: 'text', text: `${L.kiosk}${d.kioskId}` },
  ];
  if (d.applicantName.trim()) lines.push({ type: 'text', text: `${L.applicant}${maskName(d.applicantName)}` });
  lines.push({ type: 'text', text: `${L.caseNumber}${d.caseNumber}`, bold: true }, { type: 'text', text: L.caseHint });
  if (d.savedOffline) lines.push({ type: 'rule' }, { type: 'text', text: L.offline, bold: true });
  lines.push(
    { type: 'rule' },
    { type: 'text', text: L.progress, align: 'center' },
    { type: 'qr', data: d.progressUrl, size: 6 },
    { type: 'text', text: L.keep, align: 'center' },
    { type: 'feed', lines: 1 },
  );
  return printableDocument({ lines, cut: 'partial' }, locale);
}

/** Data of a queue ticket. */
export interface QueueTicketData {
  /** Ticket number, e.g. A023. */
  number: string;
  /** Window(s) serving it, e.g. 3号窗口. */
  window: string;
  peopleAhead: number;
  /** The business chosen for this ticket (e.g. 住房公积金), in the citizen's language. */
  serviceName?: string;
  at: Date | string;
  kioskId: string;
  hallName?: string;
  locale?: ReceiptLocale;
  timeZone?: string;
}

export function queueTicket(d: QueueTicketData): ReceiptDocument {
  const locale = d.locale ?? 'zh-CN';
  const L = LABELS[locale];
  const lines: ReceiptLine[] = [
    { type: 'text', text: d.hallName ?? '24小时自助服务厅', align: 'center', bold: true },
    { type: 'text', text: L.ticketTitle, align: 'center' },
    { type: 'text', text: d.number, align: 'center', bold: true, size: 2 },
    { type: 'rule' },
  ];
  if (d.serviceName) lines.push({ type: 'text', text: `${L.business}${d.serviceName}`, bold: true });
  lines.push(
    { type: 'text', text: `${L.goTo}${d.window}` },
    { type: 'text', text: L.ahead(Math.max(0, Math.floor(d.peopleAhead))) },
    { type: 'text', text: `${L.ticketTime}${stamp(d.at, d.timeZone, locale)}` },
    { type: 'text', text: `${L.kiosk}${d.kioskId}` },
    { type: 'text', text: L.missed, align: 'center' },
    { type: 'feed', lines: 1 },
  );
  return printableDocument({ lines, cut: 'partial' }, locale);
}

/** Data of the technician's test page. */
export interface TestPageData {
  at: Date | string;
  kioskId?: string;
  model?: string;
  /** Printer URI, printed so the technician sees which path was used. */
  target?: string;
}

/** The test page of `kiosk-diag print-test`: Chinese and English lines, a QR code, a cut. */
export function testPage(d: TestPageData): ReceiptDocument {
  const lines: ReceiptLine[] = [
    { type: 'text', text: '打印机测试页', align: 'center', bold: true, size: 2 },
    { type: 'text', text: 'Printer test page', align: 'center', bold: true },
    { type: 'rule' },
    { type: 'text', text: '中文测试：政务服务 一网通办 营业执照 统一社会信用代码' },
    { type: 'text', text: 'English test: ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789' },
    { type: 'text', text: `时间 Time: ${formatReceiptTime(d.at)}` },
  ];
  if (d.kioskId) lines.push({ type: 'text', text: `终端 Kiosk: ${d.kioskId}` });
  if (d.model) lines.push({ type: 'text', text: `型号 Model: ${d.model}` });
  if (d.target) lines.push({ type: 'text', text: `接口 Port: ${d.target}` });
  lines.push(
    { type: 'text', text: '左对齐 Left', align: 'left' },
    { type: 'text', text: '居中 Center', align: 'center' },
    { type: 'text', text: '右对齐 Right', align: 'right' },
    { type: 'rule' },
    { type: 'qr', data: 'https://example.gov.cn/kiosk/print-test', size: 6 },
    { type: 'text', text: '二维码 QR code', align: 'center' },
    { type: 'feed', lines: 1 },
  );
  return { lines, cut: 'partial' };
}
