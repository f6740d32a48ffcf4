import assert from 'node:assert/strict';
import iconv from 'iconv-lite';

/** Every text line of a document, encoded the way the printer's two-byte font takes it, has no "?" the text did not have. */
export function assertNoQuestionMarks(lines: { type: string; text?: string }[]): void {
  for (const l of lines) {
    if (l.type !== 'text' || !l.text) continue;
    const back = iconv.decode(iconv.encode(l.text, 'gbk'), 'gbk');
    assert.equal(back, l.text, `"${l.text}" does not survive the printer's encoding`);
    assert.ok(!l.text.includes('?'), `"${l.text}" has a question mark`);
  }
}
