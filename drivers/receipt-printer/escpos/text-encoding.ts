import iconv from 'iconv-lite';

/**
 * Text → printer bytes. Chinese-market printers print the GB18030 *two-byte* area only (SPRT and
 * Sureprint manuals, peripherals.md §2.2); four-byte GB18030 sequences would print as garbage, so
 * such characters are replaced, and `¥` (four bytes in GB18030) becomes the full-width `￥` (A3 A4).
 * Control characters are dropped: text must never smuggle a command into the byte stream.
 */
export type TextEncoding = 'gb18030' | 'ascii';

const REPLACEMENT = '?';
const twoByteCache = new Map<string, boolean>();

function printableInGb2(ch: string): boolean {
  let ok = twoByteCache.get(ch);
  if (ok === undefined) {
    ok = iconv.encode(ch, 'gb18030').length === 2;
    twoByteCache.set(ch, ok);
  }
  return ok;
}

/** Replace what the printer cannot print with `?`; the result has one printer glyph per char. */
export function sanitiseText(text: string, encoding: TextEncoding): { text: string; replaced: number } {
  let out = '';
  let replaced = 0;
  for (const raw of text) {
    const cp = raw.codePointAt(0)!;
    if (cp < 0x20 || cp === 0x7f) {
      // Tabs and stray control bytes become spaces; other controls are dropped.
      if (raw === '\t') out += ' ';
      continue;
    }
    if (cp < 0x80) {
      out += raw;
      continue;
    }
    const ch = raw === '¥' ? '￥' : raw;
    if (encoding === 'gb18030' && printableInGb2(ch)) out += ch;
    else {
      out += REPLACEMENT;
      replaced++;
    }
  }
  return { text: out, replaced };
}

/** Columns a sanitised character takes in font A: double-byte glyphs are full width. */
export function charColumns(ch: string): 1 | 2 {
  return ch.charCodeAt(0) < 0x80 ? 1 : 2;
}

export function textColumns(text: string): number {
  let n = 0;
  for (const ch of text) n += charColumns(ch);
  return n;
}

/** Encode sanitised text. */
export function encodeText(text: string, encoding: TextEncoding): Uint8Array {
  if (encoding === 'ascii') return Uint8Array.from(text, (c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : 0x3f));
  return new Uint8Array(iconv.encode(text, 'gb18030'));
}

/**
 * Wrap sanitised text into lines of at most `columns` columns, breaking at spaces for Latin text
 * where possible and anywhere between CJK characters.
 */
export function wrapText(text: string, columns: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    let width = 0;
    const chars = Array.from(para);
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      const w = charColumns(ch);
      if (width + w > columns) {
        const sp = line.lastIndexOf(' ');
        if (ch !== ' ' && w === 1 && sp > 0 && /^[\x21-\x7e]+$/.test(line.slice(sp + 1))) {
          lines.push(line.slice(0, sp));
          line = line.slice(sp + 1);
          width = textColumns(line);
        } else {
          lines.push(line);
          line = '';
          width = 0;
        }
        if (ch === ' ' && line === '') continue;
      }
      line += ch;
      width += w;
    }
    lines.push(line);
  }
  return lines;
}
