import { maskName } from '../../contracts/mask.js';
import type { ReceiptDocument, ReceiptLine } from '../core/device.js';

/**
 * Receipt templates: plain data in, a {@link ReceiptDocument} out. Pure, so the renderer preview, the
 * printer and the tests see the same receipt. Names are masked here, never printed whole.
 */

/** Format an instant as `YYYY-MM-DD HH:mm` in China Standard Time (kiosks print local hall time). */
export function formatReceiptTime(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
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
  /** Applicant's name; printed masked (`张*三`). */
  applicantName: string;
  /** Case / receipt number from the back end (or the kiosk's submission id while offline). */
  caseNumber: string;
  /** URL encoded in the QR code to check progress. */
  progressUrl: string;
  /** True when the submission is stored on the kiosk and will be sent when the network is back. */
  savedOffline?: boolean;
  hallName?: string;
}

export function serviceReceipt(d: ServiceReceiptData): ReceiptDocument {
  const lines: ReceiptLine[] = [
    { type: 'text', text: d.hallName ?? '24小时自助服务厅', align: 'center', bold: true },
    { type: 'text', text: '业务受理回执', align: 'center', bold: true, size: 2 },
    { type: 'rule' },
    { type: 'text', text: `办理事项：${d.serviceName}` },
    { type: 'text', text: `办理时间：${formatReceiptTime(d.at)}` },
    { type: 'text', text: `终端编号：${d.kioskId}` },
    { type: 'text', text: `申请人：${maskName(d.applicantName)}` },
    { type: 'text', text: `受理编号：${d.caseNumber}`, bold: true },
  ];
  if (d.savedOffline) {
    lines.push(
      { type: 'rule' },
      { type: 'text', text: '网络暂不可用：您的申请已安全保存在本机，网络恢复后将自动提交，无需重复办理。', bold: true },
      { type: 'text', text: 'Saved on this kiosk; it will be sent automatically when the network is back.' },
    );
  }
  lines.push(
    { type: 'rule' },
    { type: 'text', text: '扫码查询办理进度', align: 'center' },
    { type: 'qr', data: d.progressUrl, size: 6 },
    { type: 'text', text: '请妥善保管本回执', align: 'center' },
    { type: 'feed', lines: 1 },
  );
  return { lines, cut: 'partial' };
}

/** Data of a queue ticket. */
export interface QueueTicketData {
  /** Ticket number, e.g. A023. */
  number: string;
  /** Window(s) serving it, e.g. 3号窗口. */
  window: string;
  peopleAhead: number;
  serviceName?: string;
  at: Date | string;
  kioskId: string;
  hallName?: string;
}

export function queueTicket(d: QueueTicketData): ReceiptDocument {
  const lines: ReceiptLine[] = [
    { type: 'text', text: d.hallName ?? '24小时自助服务厅', align: 'center', bold: true },
    { type: 'text', text: '排队号', align: 'center' },
    { type: 'text', text: d.number, align: 'center', bold: true, size: 2 },
    { type: 'rule' },
  ];
  if (d.serviceName) lines.push({ type: 'text', text: `办理事项：${d.serviceName}` });
  lines.push(
    { type: 'text', text: `请到：${d.window}` },
    { type: 'text', text: `您前面还有 ${Math.max(0, Math.floor(d.peopleAhead))} 人等候` },
    { type: 'text', text: `取号时间：${formatReceiptTime(d.at)}` },
    { type: 'text', text: `终端编号：${d.kioskId}` },
    { type: 'text', text: '过号请重新取号，谢谢配合', align: 'center' },
    { type: 'feed', lines: 1 },
  );
  return { lines, cut: 'partial' };
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
