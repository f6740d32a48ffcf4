import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProfile } from '../profiles.js';
import { encodeReceipt } from './receipt-encoder.js';
import { sanitiseText, wrapText } from './text-encoding.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('golden bytes: init, FS &, GB18030 Chinese, bold/size/align, native QR, partial cut', () => {
  const profile = loadProfile('generic-80mm-cn');
  const { bytes, replacedChars } = encodeReceipt(
    {
      lines: [
        { type: 'text', text: '中文', align: 'center', bold: true, size: 2 },
        { type: 'text', text: 'A' },
        { type: 'qr', data: 'x', size: 4 },
      ],
      cut: 'partial',
    },
    profile,
  );
  assert.equal(replacedChars, 0);
  assert.equal(
    hex(bytes),
    [
      '1b40', // ESC @
      '1c26', // FS &
      '1b6101', '1b4501', '1d2111', 'd6d0cec4', '0a', '1d2100', '1b4500', // 中文 centred, bold, 2×
      '1b6100', '1b4500', '1d2100', '41', '0a', // A
      '1b6101',
      '1d286b040031413200', '1d286b0300314304', '1d286b0300314531', '1d286b040031503078', '1d286b0300315130',
      '0a', '1b6100',
      '1b6100', '1d564218', // GS V B 24
    ].join(''),
  );
});

test('raster QR model leaves Chinese mode around the image; presenter command ends the job', () => {
  const profile = loadProfile('custom-vkp80iii');
  const { bytes } = encodeReceipt({ lines: [{ type: 'qr', data: 'https://e.gov.cn/q?id=1' }], cut: 'full' }, profile);
  const h = hex(bytes);
  assert.ok(h.startsWith('1b401c26'));
  assert.ok(h.includes('1c2e1d763000'), 'FS . then GS v 0');
  assert.ok(!h.includes('1d286b'), 'no native QR on this model');
  assert.ok(h.endsWith('1d564118' + '1c502801521e'), 'full cut then FS P');
});

test('a model without a Chinese font replaces CJK and never sends FS &', () => {
  const { bytes, replacedChars } = encodeReceipt({ lines: [{ type: 'text', text: '中A' }] }, loadProfile('epson-tm-t88-intl'));
  assert.equal(replacedChars, 1);
  assert.ok(!hex(bytes).includes('1c26'));
  assert.ok(hex(bytes).includes('3f410a'));
});

test('text sanitising: control bytes dropped, ¥ → ￥, four-byte GB18030 replaced', () => {
  assert.deepEqual(sanitiseText('a\x1b@b¥', 'gb18030'), { text: 'a@b￥', replaced: 0 });
  assert.deepEqual(sanitiseText('𠀀x', 'gb18030'), { text: '?x', replaced: 1 });
});

test('wrapping counts CJK as two columns and breaks Latin at spaces', () => {
  assert.deepEqual(wrapText('一二三四五', 4), ['一二', '三四', '五']);
  assert.deepEqual(wrapText('hello world foo', 11), ['hello world', 'foo']);
  assert.deepEqual(wrapText('ab\ncd', 10), ['ab', 'cd']);
});
