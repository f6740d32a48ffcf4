import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitScope, wrapText, type Advance } from './text-fit.js';

// CJK full width, Latin and digits half width: like the real font, simple to reason about.
const advance: Advance = (ch) => (/[\x20-\x7e]/.test(ch) ? 0.5 : 1);

test('wrapText: CJK breaks anywhere, closing punctuation never starts a line, Latin runs stay whole', () => {
  assert.deepEqual(wrapText('一二三四五六七八', 40, 10, advance), ['一二三四', '五六七八']);
  // "，" may not start a line: the character before it moves down with it.
  assert.deepEqual(wrapText('一二三四，五六', 40, 10, advance), ['一二三', '四，五六']);
  // An opening bracket moves down with what follows.
  assert.deepEqual(wrapText('一二三（四五', 40, 10, advance), ['一二三', '（四五']);
  // "100号": the digit run is not split.
  assert.deepEqual(wrapText('人民路100号', 40, 10, advance), ['人民路', '100号']);
  // A Latin run longer than a line breaks by character.
  assert.deepEqual(wrapText('ABCDEFGHIJ', 20, 10, advance), ['ABCD', 'EFGH', 'IJ']);
  assert.deepEqual(wrapText('', 20, 10, advance), []);
});

const opts = { sizePt: 12, minSizePt: 8, stepPt: 1, lineHeight: 1.25, continuedMark: '（续）' };

test('fitScope: largest size that fits, shrinking in steps', () => {
  // 120 pt wide box, 2 lines of 15 pt at 12 pt: 10 chars per line → 20 chars fit at 12 pt.
  const box = { widthPt: 120, heightPt: 30 };
  const fit = fitScope('一'.repeat(20), box, box, opts, advance)!;
  assert.equal(fit.sizePt, 12);
  assert.equal(fit.overflowLines.length, 0);
  // 24 chars: at 10 pt 12 per line, 12.5 pt lines → 2 lines in 30 pt.
  const fit2 = fitScope('一'.repeat(24), box, box, opts, advance)!;
  assert.equal(fit2.sizePt, 10);
  assert.deepEqual(fit2.boxLines, ['一'.repeat(12), '一'.repeat(12)]);
});

test('fitScope: at the minimum size the rest continues in the overflow area, nothing lost; null when even that is full', () => {
  const box = { widthPt: 80, heightPt: 20 }; // 8 pt: 10 per line, 10 pt lines → 2 lines
  const overflow = { widthPt: 80, heightPt: 30 }; // 3 lines
  const text = Array.from({ length: 40 }, (_, i) => '零一二三四五六七八九'[i % 10]).join('');
  const fit = fitScope(text, box, overflow, opts, advance)!;
  assert.equal(fit.sizePt, 8);
  assert.equal(fit.boxLines.length, 2);
  assert.ok(fit.boxLines[1]!.endsWith('（续）'));
  const printed = fit.boxLines.join('').replace('（续）', '') + fit.overflowLines.join('');
  assert.equal(printed, text);
  assert.equal(fitScope(text + text, box, overflow, opts, advance), null);
});
