import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoQuestionMarks as noQuestionMarks } from '../../drivers/receipt-printer/printable-text.test-helper.js';
import { lookupReceipt } from './service-receipts.js';

describe('lookup receipts', () => {
  it('a lookup receipt with m² prints "平方米", not "m?"', () => {
    const doc = lookupReceipt({ hallName: '24小时自助服务厅', serviceName: '不动产登记信息查询', title: '名下不动产', at: new Date('2026-01-02T03:04:00Z'), kioskId: 'k03', applicantName: '欧阳晓明', lines: [{ label: '建筑面积', value: '86.4 m²' }] });
    const text = doc.lines.map((l) => (l.type === 'text' ? l.text : '')).join('\n');
    assert.match(text, /建筑面积：86\.4 平方米/);
    noQuestionMarks(doc.lines);
  });

});
