import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderCertificatePdf } from './certificate-pdf.js';
import { PdfFile } from './pdf-inspect.test-helper.js';

const BASE = {
  title: '社保缴费记录查询',
  hallName: '24小时自助服务厅',
  applicantMaskedName: '王*明',
  kioskId: 'hall-01-k03',
  at: new Date('2026-03-01T02:00:00Z'),
  creationDate: new Date('2026-03-01T02:00:00Z'),
};

test('an A4 portrait certificate with the lines as text and the CJK font embedded as a subset', async () => {
  const pdf = new PdfFile(
    await renderCertificatePdf({
      ...BASE,
      lines: [
        { label: '参保单位', value: '苏州工业园区星海软件有限公司' },
        { label: '', value: '月份 2026-01  养老 ¥1,024.00  医疗 ¥256.00' },
      ],
    }),
  );
  try {
    const size = pdf.pageSize();
    assert.ok(Math.abs(size.w - 595.28) < 0.5 && Math.abs(size.h - 841.89) < 0.5, `A4 portrait, got ${size.w}×${size.h}`);
    const text = pdf.text();
    assert.match(text, /社保缴费记录查询/);
    assert.match(text, /苏州工业园区星海软件有限公司/);
    assert.match(text, /王\*明/);
    assert.match(text, /hall-01-k03/);
    assert.match(text, /2026-03-01 10:00/); // hall time
    const fonts = pdf.fonts();
    assert.ok(fonts.length > 0 && fonts.every((f) => f.embedded && f.subset), JSON.stringify(fonts));
  } finally {
    pdf.dispose();
  }
});

test('long content continues on a second page, numbered', async () => {
  const lines = Array.from({ length: 80 }, (_, i) => ({ label: '', value: `月份 ${2000 + i}-01  养老 ¥1,024.00` }));
  const pdf = new PdfFile(await renderCertificatePdf({ ...BASE, lines }));
  try {
    assert.ok(pdf.pages() >= 2, `pages: ${pdf.pages()}`);
    const text = pdf.text();
    assert.match(text, /第\s?2\s?页/);
    assert.match(text, /2079-01/);
  } finally {
    pdf.dispose();
  }
});
