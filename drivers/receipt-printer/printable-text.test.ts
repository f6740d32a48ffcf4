import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoQuestionMarks as noQuestionMarks } from './printable-text.test-helper.js';
import { columns, MAX_LINE_COLUMNS, printable, printableText } from './printable-text.js';
import { queueTicket, serviceReceipt } from '../../documents/receipts/templates.js';

describe('receipt text the printer font can print', () => {
  it('maps m², m³, ℃, №, bullets and unknown characters; never "?"', () => {
    assert.equal(printableText('建筑面积 86.4 m²'), '建筑面积 86.4 平方米');
    assert.equal(printableText('Floor area 86.4 m²', 'en'), 'Floor area 86.4 sq m');
    assert.equal(printableText('用水 12 m³'), '用水 12 立方米');
    assert.equal(printableText('体温 36.5℃ №3'), '体温 36.5℃ №3', '℃ and № are in the font');
    assert.equal(printableText('• 第一项 ✓'), '· 第一项 √');
    assert.equal(printableText('吉𠮷'), '吉〓', 'a character outside the font is marked, not "?"');
    assert.ok(printable('㎡') && printable('℃') && !printable('²') && !printable('𠮷'));
  });

  it('receipts follow the citizen’s language and the hall’s time zone; no empty applicant line', () => {
    const base = { serviceName: '12345 complaint or suggestion', at: '2026-01-02T03:04:00Z', kioskId: 'hall-01-k03', applicantName: '', caseNumber: 'K03-7HXQ-M4RP-C', progressUrl: 'https://x.example/p', hallName: '24小时自助服务厅' };
    const en = serviceReceipt({ ...base, locale: 'en' });
    const enText = en.lines.map((l) => (l.type === 'text' ? l.text : '')).join('\n');
    assert.match(enText, /Application receipt/);
    assert.match(enText, /Case number: K03-7HXQ-M4RP-C/);
    assert.match(enText, /Time: 2026-01-02 11:04 \(Beijing time\)/);
    assert.ok(!/Applicant|申请人/.test(enText), 'no empty applicant line without an identity');
    noQuestionMarks(en.lines);
    const zh = serviceReceipt({ ...base, applicantName: '欧阳晓明', timeZone: 'Asia/Urumqi' });
    const zhText = zh.lines.map((l) => (l.type === 'text' ? l.text : '')).join('\n');
    assert.match(zhText, /申请人：欧\*晓明|申请人：欧\*\*明/);
    assert.match(zhText, /办理时间：2026-01-02 09:04 \(Asia\/Urumqi\)/);
    const ticket = queueTicket({ number: 'D003', window: 'Window 15', peopleAhead: 1, serviceName: 'Household registration', at: base.at, kioskId: 'k03', locale: 'en' });
    const tText = ticket.lines.map((l) => (l.type === 'text' ? l.text : '')).join('\n');
    assert.match(tText, /Business: Household registration/);
    assert.match(tText, /1 person ahead of you/);
  });

  it('clips a long text line (an 80,000-character hall name) to four lines of paper, ending in "…"', () => {
    const base = { serviceName: '户籍证明', at: new Date('2026-01-02T03:04:00Z'), kioskId: 'k03', applicantName: '', caseNumber: 'C1', progressUrl: 'https://x.example/c1' };
    const doc = serviceReceipt({ ...base, hallName: '城'.repeat(80_000) });
    const first = doc.lines[0]!;
    assert.ok(first.type === 'text');
    assert.ok(columns(first.text) <= MAX_LINE_COLUMNS, `${columns(first.text)} columns`);
    assert.ok(first.text.endsWith('…'));
    const short = serviceReceipt({ ...base, hallName: '城'.repeat(40) }).lines[0]!;
    assert.ok(short.type === 'text' && short.text === '城'.repeat(40), 'the longest allowed name is printed whole');
    const total = doc.lines.reduce((n, l) => n + (l.type === 'text' ? columns(l.text) : 0), 0);
    assert.ok(total < 20 * 48, `the whole receipt stays short: ${total} columns`);
  });
});
