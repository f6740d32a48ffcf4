import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { idCopyWatermark } from '../../contracts/materials.js';
import { CARD_MM, renderIdCopyPdf, SIDE_TOP_MM } from './id-copy-pdf.js';
import { PdfFile } from './pdf-inspect.test-helper.js';

/** A card side at 300 dpi (1011 × 638 px) in one flat colour, so the rendered sheet tells the sides apart. */
async function side(rgb: [number, number, number], format: 'png' | 'jpeg') {
  const img = sharp({ create: { width: 1011, height: 638, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });
  const bytes = await (format === 'png' ? img.png() : img.jpeg({ quality: 90 })).toBuffer();
  return { format, bytes, width: 1011, height: 638 };
}

/** The mean colour of a rendered region. */
function meanColour(png: { data: Buffer; width: number; height: number }): [number, number, number] {
  const sum = [0, 0, 0];
  for (let i = 0; i < png.width * png.height; i++) for (let k = 0; k < 3; k++) sum[k]! += png.data[i * 4 + k]!;
  return sum.map((v) => Math.round(v / (png.width * png.height))) as [number, number, number];
}

test('both sides on one A4 page at the card size, the watermark line readable as text across and under each', async () => {
  const watermark = idCopyWatermark('办理银行业务')!;
  assert.equal(watermark, '仅供办理银行业务使用');
  const bytes = await renderIdCopyPdf({
    front: await side([200, 40, 40], 'jpeg'),
    back: await side([40, 40, 200], 'png'),
    watermark,
    kioskId: 'hall-01-k03',
    at: new Date('2026-03-01T02:00:00Z'),
    creationDate: new Date('2026-03-01T02:00:00Z'),
  });
  const pdf = new PdfFile(bytes);
  try {
    assert.equal(pdf.pages(), 1);
    const size = pdf.pageSize();
    assert.ok(Math.abs(size.w - 595.28) < 0.5 && Math.abs(size.h - 841.89) < 0.5, `A4 portrait, got ${size.w}×${size.h}`);
    const text = pdf.text();
    // Across each side and under each: four times on the sheet.
    assert.equal(text.split(watermark).length - 1, 4, text);
    assert.match(text, /hall-01-k03/);
    assert.match(text, /再次复印无效/);
    // Each side where it belongs, at the card's size: a strip of its left quarter (clear of the line
    // across its middle) renders in its colour, and the paper between the two is white.
    const x = (210 - CARD_MM.w) / 2;
    const strip = (top: number) => ({ xMm: x + 4, yMm: top + 4, wMm: CARD_MM.w / 4, hMm: CARD_MM.h / 4 });
    const [fr, , fb] = meanColour(pdf.render(strip(SIDE_TOP_MM.front), 50));
    const [br, , bb] = meanColour(pdf.render(strip(SIDE_TOP_MM.back), 50));
    assert.ok(fr > 150 && fb < 90, `front is red: ${fr},${fb}`);
    assert.ok(bb > 150 && br < 90, `back is blue: ${br},${bb}`);
    const gap = meanColour(pdf.render({ xMm: x, yMm: SIDE_TOP_MM.front + CARD_MM.h + 12, wMm: CARD_MM.w, hMm: 8 }, 50));
    assert.ok(gap.every((v) => v > 240), `white between the sides: ${gap}`);
    // Just outside the card's box: paper, so the side is printed at its real size, not larger.
    const beside = meanColour(pdf.render({ xMm: x - 6, yMm: SIDE_TOP_MM.front + 10, wMm: 5, hMm: 30 }, 50));
    assert.ok(beside.every((v) => v > 240), `white beside the card: ${beside}`);
  } finally {
    pdf.dispose();
  }
});

test('the purpose line: trimmed, not doubled, and refused when empty, too long or holding control characters', () => {
  assert.equal(idCopyWatermark('  办理  入学 '), '仅供办理 入学使用');
  assert.equal(idCopyWatermark('仅供租房使用'), '仅供租房使用');
  assert.equal(idCopyWatermark('visa application'), '仅供visa application使用');
  assert.equal(idCopyWatermark('   '), null);
  assert.equal(idCopyWatermark('仅供使用'), null);
  assert.equal(idCopyWatermark('一二三四五六七八九十一二三四五六七'), null);
  assert.equal(idCopyWatermark('租房\u0000'), null);
  assert.equal(idCopyWatermark('租房\u202e'), null);
  assert.equal(idCopyWatermark('<b>x</b>'), null);
});
