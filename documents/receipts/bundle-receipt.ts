import type { ReceiptDocument, ReceiptLine } from '../../drivers/core/device.js';
import { printableDocument } from '../../drivers/receipt-printer/printable-text.js';
import { formatReceiptTime } from './templates.js';
import { maskName } from '../../contracts/mask.js';

/** Data of a bundle's one receipt. */
export interface BundleReceiptData {
  hallName: string;
  bundleName: string;
  at: Date | string;
  kioskId: string;
  /** Printed masked. */
  applicantName: string;
  locale: 'zh-CN' | 'en';
  timeZone?: string;
  savedOffline: boolean;
  /** One block per department: its case number and what happens next. */
  members: { department: string; name: string; caseNumber: string; next: string | null }[];
  /** Each material once, and how it reaches the departments. */
  materials: { name: string; via: string }[];
}

/**
 * The receipt of a life-event bundle: one case number per department (each department handles its
 * own case), what happens next for each, and which materials the citizen still brings to a staffed
 * window — the ones an electronic certificate covers are named as such.
 */
export function bundleReceipt(d: BundleReceiptData): ReceiptDocument {
  const en = d.locale === 'en';
  const lines: ReceiptLine[] = [
    { type: 'text', text: d.hallName, align: 'center', bold: true },
    { type: 'text', text: d.bundleName, align: 'center', bold: true, size: 2 },
    { type: 'rule' },
    { type: 'text', text: `${en ? 'Time: ' : '办理时间：'}${formatReceiptTime(d.at, d.timeZone)}` },
    { type: 'text', text: `${en ? 'Kiosk: ' : '终端编号：'}${d.kioskId}` },
  ];
  if (d.applicantName.trim()) lines.push({ type: 'text', text: `${en ? 'Applicant: ' : '申请人：'}${maskName(d.applicantName)}` });
  for (const m of d.members) {
    lines.push(
      { type: 'rule' },
      { type: 'text', text: `${m.department}`, bold: true },
      { type: 'text', text: m.name },
      { type: 'text', text: `${en ? 'Case number: ' : '办件编号：'}${m.caseNumber}`, bold: true },
    );
    if (m.next) lines.push({ type: 'text', text: m.next });
  }
  const paper = d.materials.filter((m) => m.via === 'paper');
  const linked = d.materials.filter((m) => m.via === 'e-certificate');
  const photographed = d.materials.filter((m) => m.via === 'camera');
  if (paper.length || linked.length || photographed.length) lines.push({ type: 'rule' });
  if (paper.length) lines.push({ type: 'text', text: en ? 'Bring to a staffed window:' : '请携带以下材料原件到综合窗口：', bold: true }, ...paper.map((m) => ({ type: 'text' as const, text: `· ${m.name}` })));
  if (linked.length) lines.push({ type: 'text', text: en ? 'Linked e-certificates, not needed on paper:' : '已关联电子证照，无需提交：' }, ...linked.map((m) => ({ type: 'text' as const, text: `· ${m.name}` })));
  if (photographed.length) lines.push({ type: 'text', text: en ? 'Photographed on the document camera, sent with the applications:' : '已在高拍仪拍摄，随申请提交：' }, ...photographed.map((m) => ({ type: 'text' as const, text: `· ${m.name}` })));
  if (d.savedOffline) lines.push({ type: 'rule' }, { type: 'text', text: en ? 'Saved on this kiosk; it is sent as soon as the network is back.' : '已保存在本机，网络恢复后自动提交。', bold: true });
  lines.push(
    { type: 'rule' },
    { type: 'text', text: en ? 'Each department handles its own case; keep this receipt.' : '各部门分别办理，请妥善保管本凭条。', align: 'center' },
    { type: 'feed', lines: 1 },
  );
  return printableDocument({ lines, cut: 'partial' }, d.locale);
}
