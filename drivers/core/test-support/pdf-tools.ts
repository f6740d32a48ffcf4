import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findSystemTool, noteSubstitute } from './system-tools.js';

/**
 * How the tests read PDFs: poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm) when installed, the
 * reference the layouts were checked against; otherwise pdf.js from npm (pdfjs-inspect.mjs), run as
 * a child process so that callers keep one synchronous API either way.
 */
export type PdfBackend = 'poppler' | 'pdfjs';

export function pdfBackend(env: NodeJS.ProcessEnv = process.env): PdfBackend {
  const poppler = ['pdfinfo', 'pdffonts', 'pdftotext', 'pdftoppm', 'pdfimages'].every((t) => findSystemTool(t, [], env));
  if (!poppler) noteSubstitute('poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm)', 'pdfjs-dist', env);
  return poppler ? 'poppler' : 'pdfjs';
}

const INSPECT = fileURLToPath(new URL('./pdfjs-inspect.mjs', import.meta.url));

/** Run pdfjs-inspect.mjs and parse its JSON answer. */
export function pdfjs<T>(cmd: 'info' | 'fonts' | 'words' | 'text' | 'images' | 'render', file: string, ...args: string[]): T {
  return JSON.parse(execFileSync(process.execPath, [INSPECT, cmd, file, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as T;
}

/** The text of a PDF, as `pdftotext -enc UTF-8 FILE -` prints it (or pdf.js's reading of it). */
export function pdfText(file: string, env: NodeJS.ProcessEnv = process.env): string {
  if (pdfBackend(env) === 'poppler') return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  return pdfjs<string>('text', file);
}

/** Pixel sizes of the images a PDF draws (`pdfimages -list`'s width and height columns). */
export function pdfImages(file: string, env: NodeJS.ProcessEnv = process.env): { width: number; height: number }[] {
  if (pdfBackend(env) === 'pdfjs') return pdfjs('images', file);
  const rows = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  // page num type width height …
  return rows.map((r) => r.trim().split(/\s+/)).map((c) => ({ width: Number(c[3]), height: Number(c[4]) }));
}

/** ISO A sizes in points (portrait), named as pdfinfo names them. */
const A_SIZES: [string, number, number][] = [['A0', 2384, 3370], ['A1', 1684, 2384], ['A2', 1191, 1684], ['A3', 842, 1191], ['A4', 595, 842], ['A5', 420, 595], ['A6', 298, 420]];

/** Page 1's size as pdfinfo gives it: `Page size: 1190.55 x 841.89 pts (A3)` → `{ w, h, name }`. */
export function pdfPageSize(file: string, env: NodeJS.ProcessEnv = process.env): { w: number; h: number; name: string | null } {
  if (pdfBackend(env) === 'poppler') {
    const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const m = /Page size:\s+([\d.]+) x ([\d.]+) pts(?: \((\w+)\))?/.exec(out);
    if (!m) throw new Error(`pdfinfo gave no page size:\n${out}`);
    return { w: Number(m[1]), h: Number(m[2]), name: m[3] ?? null };
  }
  const { w, h } = pdfjs<{ w: number; h: number }>('info', file);
  // pdfinfo prints 6 significant digits and names a size within a point either way round.
  const hit = A_SIZES.find(([, a, b]) => (Math.abs(w - a) < 1 && Math.abs(h - b) < 1) || (Math.abs(w - b) < 1 && Math.abs(h - a) < 1));
  return { w: Number(w.toPrecision(6)), h: Number(h.toPrecision(6)), name: hit ? hit[0] : null };
}
