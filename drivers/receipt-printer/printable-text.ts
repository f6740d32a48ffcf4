import iconv from 'iconv-lite';
import type { ReceiptDocument } from '../core/device.js';

/**
 * Receipt printers' Chinese fonts cover the two-byte GBK area only: a character outside it used to
 * come out as "?" ("86.4 m?" for m²). Text is mapped to what the font has before it is encoded:
 * units and symbols to their words or GBK forms, anything else unknown to 〓 (the typesetter's
 * mark for a missing glyph, never a "?" that looks like part of the data).
 */
const WORDS: [RegExp, { 'zh-CN': string; en: string }][] = [
  [/m²|m\^2|㎡/g, { 'zh-CN': '平方米', en: 'sq m' }],
  [/m³|m\^3|㎥/g, { 'zh-CN': '立方米', en: 'cu m' }],
  [/km²/g, { 'zh-CN': '平方公里', en: 'sq km' }],
];
const CHARS: Record<string, string> = {
  '²': '2', '³': '3', '¹': '1', '•': '·', '✓': '√', '✔': '√', '✗': '×', '€': 'EUR', '£': 'GBP', '\u00a0': ' ', '\u2009': ' ', '\u200b': '',
  '‐': '-', '‑': '-', '−': '-', '˚': '°', 'º': '°', '™': '(TM)', '©': '(C)', '®': '(R)',
};

/** Is `ch` printable by a GBK-font receipt printer (ASCII, or one GBK two-byte code)? */
export function printable(ch: string): boolean {
  if (ch.length === 1 && ch.charCodeAt(0) < 0x80) return ch >= ' ' || ch === '\n';
  const b = iconv.encode(ch, 'gbk');
  return b.length === 2 && b[0]! >= 0x81;
}

/** `text` with every character the printer's font lacks mapped (never "?"). */
export function printableText(text: string, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  let s = text;
  for (const [re, words] of WORDS) s = s.replace(re, words[locale]);
  let out = '';
  for (const ch of s) {
    if (printable(ch)) out += ch;
    else if (ch in CHARS) out += CHARS[ch];
    else out += '〓';
  }
  return out;
}

/**
 * Columns one text line may fill: four lines of 80 mm paper (48 columns). Text comes from places the
 * kiosk does not control (the hall name set by the fleet platform, the back end's answers): an 80,000
 * character name once made every receipt 177 lines long and time out.
 */
export const MAX_LINE_COLUMNS = 4 * 48;

/** Printed width of `text`: a two-byte (CJK) character takes two columns. */
export function columns(text: string): number {
  let n = 0;
  for (const ch of text) n += ch.charCodeAt(0) < 0x80 ? 1 : 2;
  return n;
}

/** `text` cut to at most `max` columns, ending in "…" when cut (GBK has it). */
export function clipColumns(text: string, max: number): string {
  if (columns(text) <= max) return text;
  let out = '';
  let n = 0;
  for (const ch of text) {
    const w = ch.charCodeAt(0) < 0x80 ? 1 : 2;
    if (n + w > max - 2) break;
    out += ch;
    n += w;
  }
  return `${out}…`;
}

/** The document with all its text lines made printable, each clipped to {@link MAX_LINE_COLUMNS}. */
export function printableDocument(doc: ReceiptDocument, locale: 'zh-CN' | 'en' = 'zh-CN'): ReceiptDocument {
  return { ...doc, lines: doc.lines.map((l) => (l.type === 'text' ? { ...l, text: clipColumns(printableText(l.text, locale), MAX_LINE_COLUMNS) } : l)) };
}
