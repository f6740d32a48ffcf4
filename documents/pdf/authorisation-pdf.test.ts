import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { maskIdNumber, maskName } from '../../contracts/mask.js';
import { renderAuthorisationPdf, zonedDateTime } from './authorisation-pdf.js';
import { pdfImages } from '../../drivers/core/test-support/pdf-tools.js';
import { PdfFile } from './pdf-inspect.test-helper.js';

/** A 600×240 transparent PNG with a few dark strokes, like signature_pad's export. */
function signaturePng(): Buffer {
  const png = new PNG({ width: 600, height: 240 });
  for (let x = 40; x < 560; x++) {
    const y = Math.round(120 + 60 * Math.sin(x / 40));
    for (let dy = -3; dy <= 3; dy++) {
      const i = ((y + dy) * 600 + x) * 4;
      png.data[i] = 10;
      png.data[i + 1] = 20;
      png.data[i + 2] = 60;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

const FULL_NAME = '王小明';
const FULL_ID = '320508199001010029';
const BASE = {
  paragraphs: ['本人授权公安机关查询本人在本地违法犯罪信息库中的记录，用于开具无犯罪记录证明。', '本人承诺所提供的信息真实有效，如有虚假愿承担相应法律责任。'],
  maskedName: maskName(FULL_NAME),
  maskedIdNumber: maskIdNumber(FULL_ID),
  hallName: '苏州市政务服务中心',
  kioskId: 'hall-01-k03',
  signedAt: new Date('2026-03-01T02:05:00Z'),
  timeZone: 'Asia/Shanghai',
  signaturePng: signaturePng(),
  creationDate: new Date('2026-03-01T02:05:00Z'),
};

test('an A4 authorisation: title, text, the masked signer, hall time, the signature image; never the full name or number', async () => {
  const pdf = new PdfFile(await renderAuthorisationPdf({ ...BASE, title: '查询授权书', locale: 'zh-CN' }));
  try {
    const size = pdf.pageSize();
    assert.ok(Math.abs(size.w - 595.28) < 0.5 && Math.abs(size.h - 841.89) < 0.5, `A4 portrait, got ${size.w}×${size.h}`);
    assert.equal(pdf.pages(), 1);
    const text = pdf.text().replace(/\s+/g, '');
    assert.match(text, /查询授权书/);
    assert.match(text, /违法犯罪信息库/);
    assert.match(text, /王\*明/);
    assert.match(text, /3205\*{10}0029/);
    assert.match(text, /hall-01-k03/);
    assert.match(text, /苏州市政务服务中心/);
    assert.match(text, /2026-03-0110:05/, 'the date in the hall time zone (UTC+8)');
    assert.ok(!text.includes(FULL_NAME), 'full name printed');
    assert.ok(!text.includes(FULL_ID), 'full ID number printed');
    const images = pdfImages(pdf.path);
    assert.ok(images.some((i) => i.width === 600 && i.height === 240), `the signature is embedded: ${JSON.stringify(images)}`);
  } finally {
    pdf.dispose();
  }
});

test('in English, with the English labels and title', async () => {
  const pdf = new PdfFile(await renderAuthorisationPdf({ ...BASE, title: 'Authorisation', paragraphs: ['I authorise the public security bureau to search its records of offences for my name to issue a certificate of no criminal record.'], locale: 'en' }));
  try {
    const text = pdf.text();
    assert.match(text, /Authorisation/);
    assert.match(text, /Signed by/);
    assert.match(text, /certificate of no\s+criminal record/);
    assert.ok(!text.includes(FULL_NAME));
  } finally {
    pdf.dispose();
  }
});

test('the date is in the hall time zone', () => {
  assert.equal(zonedDateTime(new Date('2026-03-01T17:30:00Z'), 'Asia/Shanghai'), '2026-03-02 01:30');
  assert.equal(zonedDateTime(new Date('2026-03-01T17:30:00Z'), 'Asia/Urumqi'), '2026-03-01 23:30');
});
