import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReceiptTime, queueTicket, serviceReceipt, testPage } from './templates.js';

const texts = (d: { lines: { type: string; text?: string; data?: string }[] }): string[] => d.lines.map((l) => l.text ?? (l.type === 'qr' ? `QR ${l.data}` : l.type));

test('service receipt: masked name, case number, progress QR, offline line only when told', () => {
  const base = { serviceName: '个体工商户设立登记', at: '2025-03-01T02:05:00Z', kioskId: 'k03', applicantName: '张三丰', caseNumber: 'SZ-1', progressUrl: 'https://e.gov.cn/p/1' };
  const online = texts(serviceReceipt(base));
  assert.ok(online.includes('申请人：张*丰'));
  assert.ok(!online.join('').includes('张三丰'), 'the whole name is never printed');
  assert.ok(online.includes('办理时间：2025-03-01 10:05'), 'China Standard Time');
  assert.ok(online.includes('QR https://e.gov.cn/p/1'));
  assert.ok(!online.join('').includes('保存在本机'));
  assert.ok(texts(serviceReceipt({ ...base, savedOffline: true })).some((t) => t.includes('已安全保存在本机')));
});

test('queue ticket and test page', () => {
  const q = texts(queueTicket({ number: 'A023', window: '3号窗口', peopleAhead: 4, at: new Date(0), kioskId: 'k' }));
  assert.ok(q.includes('A023') && q.includes('请到：3号窗口') && q.includes('您前面还有 4 人等候'));
  const t = testPage({ at: new Date(0) });
  assert.equal(t.cut, 'partial');
  assert.ok(t.lines.some((l) => l.type === 'qr'));
  assert.equal(formatReceiptTime('2025-12-31T16:30:00Z'), '2026-01-01 00:30');
});
