import { Worker } from 'node:worker_threads';
import { KioskError } from '../../../contracts/errors.js';
import type { CjkFontOptions } from '../../../drivers/document-printer/cjk-font.js';
import type { PdfPage } from './materials-pdf.js';
import type { PdfReply, PdfRequest } from './pdf-worker.js';
import { workerBoot } from '../worker-boot.js';

/** One material's PDF (ten pages at most, a few MB) in this long, the worker's start included (seconds on a loaded machine). */
const PDF_TIMEOUT_MS = 60_000;

interface Pending {
  resolve(r: { pdfBase64: string; sha256: string; bytes: number }): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * The worker thread materials' PDFs are assembled on (pdf-worker.ts): started at the first
 * submission with pages, kept for the next, ended with the desk. A request over its time or a worker
 * that dies fails what it had; the next request starts a fresh worker.
 */
export class PdfThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  assemble(o: { title: string; pages: PdfPage[]; font?: CjkFontOptions }): Promise<{ pdfBase64: string; sha256: string; bytes: number }> {
    const w = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new KioskError('timeout', `the material's PDF took over ${PDF_TIMEOUT_MS} ms`, true)), PDF_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      // The pages are copied to the worker (the desk keeps its own until the submission is stored).
      w.postMessage({ id, title: o.title, pages: o.pages, font: o.font } satisfies PdfRequest);
    });
  }

  async dispose(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(new KioskError('cancelled', 'materials: shutting down'));
    if (w) await w.terminate();
  }

  private settle(id: number): Pending | null {
    const p = this.pending.get(id);
    if (!p) return null;
    this.pending.delete(id);
    clearTimeout(p.timer);
    return p;
  }

  private fail(e: Error): void {
    const w = this.worker;
    this.worker = null;
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(e);
    if (w) void w.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(workerBoot(import.meta.url, 'pdf-worker'), { eval: true, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    w.unref();
    w.on('message', (r: PdfReply) => {
      const p = this.settle(r.id);
      if (!p) return;
      if (r.ok) p.resolve({ pdfBase64: r.pdfBase64, sha256: r.sha256, bytes: r.bytes });
      else p.reject(new KioskError('internal', `materials: the PDF could not be assembled: ${r.message}`, true));
    });
    w.on('error', (e: unknown) => {
      if (this.worker === w) this.fail(new KioskError('internal', `materials: the PDF worker failed: ${e instanceof Error ? e.message : String(e)}`, true));
    });
    w.on('exit', (code) => {
      if (this.worker === w) this.fail(new KioskError('internal', `materials: the PDF worker stopped (exit ${code})`, true));
    });
    this.worker = w;
    return w;
  }
}
