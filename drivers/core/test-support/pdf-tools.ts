import { execFileSync } from 'node:child_process';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { findSystemTool, noteSubstitute } from './system-tools.js';

/**
 * How the tests read PDFs: poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm) when installed, the
 * reference the layouts were checked against; otherwise pdf.js from npm (pdfjs-inspect.mjs), in a
 * worker thread the caller waits on, so that callers keep one synchronous API either way.
 */
export type PdfBackend = 'poppler' | 'pdfjs';

export function pdfBackend(env: NodeJS.ProcessEnv = process.env): PdfBackend {
  const poppler = ['pdfinfo', 'pdffonts', 'pdftotext', 'pdftoppm', 'pdfimages'].every((t) => findSystemTool(t, [], env));
  if (!poppler) noteSubstitute('poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm)', 'pdfjs-dist', env);
  return poppler ? 'poppler' : 'pdfjs';
}

/** How long one PDF may take to read before the test fails rather than hangs. */
const PDFJS_TIMEOUT_MS = 120_000;

let bridge: { port: MessagePort; flag: Int32Array } | undefined;

/**
 * pdf.js in a worker thread of this test process, loaded once: a child process per call cost about
 * 0.7 CPU-s of start-up each, a minute over the unit tests. The caller blocks on a shared flag
 * until the worker answers, which keeps the synchronous API the poppler path has.
 */
function pdfjsBridge(): { port: MessagePort; flag: Int32Array } {
  if (bridge) return bridge;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./pdfjs-worker.mjs', import.meta.url), { workerData: { port: port2, flag }, transferList: [port2], execArgv: [] });
  // The worker must not keep a finished test process alive.
  worker.unref();
  port1.unref();
  return (bridge = { port: port1, flag });
}

/** Ask pdfjs-inspect.mjs (in the worker) and wait for its answer. */
export function pdfjs<T>(cmd: 'info' | 'fonts' | 'words' | 'text' | 'images' | 'render', file: string, ...args: string[]): T {
  const { port, flag } = pdfjsBridge();
  Atomics.store(flag, 0, 0);
  port.postMessage({ cmd, file, args });
  if (Atomics.wait(flag, 0, 0, PDFJS_TIMEOUT_MS) === 'timed-out') throw new Error(`pdf.js took over ${PDFJS_TIMEOUT_MS / 1000} s on ${cmd} ${file}`);
  const reply = receiveMessageOnPort(port)?.message as { ok: true; value: T } | { ok: false; message: string } | undefined;
  if (!reply) throw new Error(`pdf.js gave no answer on ${cmd} ${file}`);
  if (!reply.ok) throw new Error(`pdf.js could not ${cmd} ${file}: ${reply.message}`);
  return reply.value;
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
