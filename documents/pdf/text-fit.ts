/**
 * Pure line breaking and fitting for license text: no PDF, no I/O. Widths come from `advance`,
 * the advance width of one character at 1 pt (the PDF side measures it with the embedded font).
 */
export type Advance = (ch: string) => number;

/** Characters a line may not start with (closing punctuation). */
const NO_LINE_START = new Set(Array.from('，。、；：？！）》」』】〕”’,.;:?!)]}%·…'));
/** Characters a line may not end with (opening brackets): they move to the next line. */
const NO_LINE_END = new Set(Array.from('（《「『【〔“‘([{'));
const WORD = /[A-Za-z0-9\-_./:]/;

/** Split `text` into tokens that must stay together: runs of Latin letters and digits, or one other character. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let run = '';
  for (const ch of Array.from(text.replace(/\s+/g, ' '))) {
    if (WORD.test(ch)) {
      run += ch;
      continue;
    }
    if (run) out.push(run);
    run = '';
    out.push(ch);
  }
  if (run) out.push(run);
  return out;
}

export function textWidth(text: string, sizePt: number, advance: Advance): number {
  let w = 0;
  for (const ch of Array.from(text)) w += advance(ch);
  return w * sizePt;
}

/**
 * Break `text` into lines no wider than `widthPt` at `sizePt` (CJK breaks anywhere, Latin runs stay
 * whole unless longer than a line, closing punctuation never starts a line).
 */
export function wrapText(text: string, widthPt: number, sizePt: number, advance: Advance): string[] {
  const lines: string[] = [];
  let line = '';
  let lineW = 0;
  const push = () => {
    lines.push(line);
    line = '';
    lineW = 0;
  };
  for (const tok of tokens(text)) {
    const w = textWidth(tok, sizePt, advance);
    if (lineW + w <= widthPt + 1e-6 || line === '') {
      if (line === '' && tok === ' ') continue;
      if (w > widthPt && line === '' && tok.length > 1) {
        // A Latin run longer than the line: break it by character.
        for (const ch of Array.from(tok)) {
          const cw = textWidth(ch, sizePt, advance);
          if (lineW + cw > widthPt + 1e-6 && line !== '') push();
          line += ch;
          lineW += cw;
        }
        continue;
      }
      line += tok;
      lineW += w;
      continue;
    }
    // Keep an opening bracket with what follows it, and never start a line with closing
    // punctuation: push the line's last character down with it (推出), so no line overhangs the box.
    const last = Array.from(line).at(-1);
    let carry = '';
    if (last && (NO_LINE_END.has(last) || NO_LINE_START.has(tok)) && Array.from(line).length > 1) {
      line = line.slice(0, -last.length);
      carry = last;
    }
    push();
    if (tok === ' ') continue;
    line = carry + tok;
    lineW = textWidth(line, sizePt, advance);
  }
  if (line) lines.push(line.trimEnd());
  return lines.map((l) => l.trimEnd());
}

export interface FitBox {
  widthPt: number;
  heightPt: number;
}

export interface ScopeFit {
  sizePt: number;
  /** Lines printed in the box. */
  boxLines: string[];
  /** Lines continued in the overflow area (empty when everything fits in the box). */
  overflowLines: string[];
  lineHeightPt: number;
}

/**
 * Fit the business scope: the largest size from `sizePt` down to `minSizePt` (in `stepPt` steps)
 * at which the whole text fits the box; if none does, use `minSizePt`, fill the box (leaving room
 * for `continuedMark` on its last line) and continue in the overflow area. Returns null when even
 * the overflow area cannot hold the rest: a license is never printed truncated.
 */
export function fitScope(
  text: string,
  box: FitBox,
  overflow: FitBox,
  opts: { sizePt: number; minSizePt: number; stepPt: number; lineHeight: number; continuedMark: string },
  advance: Advance,
): ScopeFit | null {
  const linesFitting = (heightPt: number, lh: number) => Math.max(0, Math.floor((heightPt + 1e-6) / lh));
  for (let size = opts.sizePt; size >= opts.minSizePt - 1e-9; size -= opts.stepPt) {
    const lh = size * opts.lineHeight;
    const lines = wrapText(text, box.widthPt, size, advance);
    if (lines.length <= linesFitting(box.heightPt, lh)) return { sizePt: size, boxLines: lines, overflowLines: [], lineHeightPt: lh };
  }
  const size = opts.minSizePt;
  const lh = size * opts.lineHeight;
  const inBox = linesFitting(box.heightPt, lh);
  if (inBox === 0) return null;
  // Reserve the mark's width on the box's last line, then put the rest in the overflow area.
  const markW = textWidth(opts.continuedMark, size, advance);
  const all = wrapText(text, box.widthPt, size, advance);
  const head = all.slice(0, inBox - 1);
  const lastFull = wrapText(all.slice(inBox - 1).join(''), box.widthPt - markW, size, advance);
  const last = lastFull[0] ?? '';
  const consumed = Array.from((head.join('') + last).replace(/ /g, '')).length;
  const rest = joinedRest(text, consumed);
  const overflowLines = wrapText(rest, overflow.widthPt, size, advance);
  if (overflowLines.length > linesFitting(overflow.heightPt, lh)) return null;
  return { sizePt: size, boxLines: [...head, last + opts.continuedMark], overflowLines, lineHeightPt: lh };
}

/** The text after the first `consumed` non-space characters of the wrapped lines (wrapping only drops spaces). */
function joinedRest(text: string, consumed: number): string {
  const norm = text.replace(/\s+/g, ' ');
  let seen = 0;
  let i = 0;
  const chars = Array.from(norm);
  for (; i < chars.length && seen < consumed; i++) {
    if (chars[i] !== ' ') seen++;
  }
  return chars.slice(i).join('').trimStart();
}
