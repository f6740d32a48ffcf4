import { Worker } from 'node:worker_threads';
import { KioskError } from '../../../contracts/errors.js';
import { RequestThread, type ThreadFailure } from '../../../common/request-thread.js';
import type { CjkFontOptions } from '../../../drivers/document-printer/cjk-font.js';
import type { PdfPage } from './materials-pdf.js';
import type { PdfReply, PdfRequest } from './pdf-worker.js';
import { workerBoot } from '../worker-boot.js';

/** One material's PDF (ten pages at most, a few MB) in this long, the worker's start included (seconds on a loaded machine). */
const PDF_TIMEOUT_MS = 60_000;

function pdfError(why: ThreadFailure): KioskError {
  switch (why.kind) {
    case 'timeout':
      return new KioskError('timeout', `the material's PDF took over ${why.ms} ms`, true);
    case 'closed':
      return new KioskError('cancelled', 'materials: shutting down');
    case 'stopped':
      return new KioskError('internal', `materials: the PDF worker stopped (exit ${why.code})`, true);
    default:
      return new KioskError('internal', `materials: the PDF worker failed: ${why.message}`, true);
  }
}

/**
 * The worker thread materials' PDFs are assembled on (pdf-worker.ts): started at the first
 * submission with pages, kept for the next, ended with the desk. A request over its time or a worker
 * that dies fails what it had; the next request starts a fresh worker.
 */
export class PdfThread {
  private readonly thread = new RequestThread<PdfReply>({
    start: () => new Worker(workerBoot(import.meta.url, 'pdf-worker'), { eval: true, resourceLimits: { maxOldGenerationSizeMb: 256 } }),
    timeoutMs: PDF_TIMEOUT_MS,
    error: pdfError,
  });

  assemble(o: { title: string; pages: PdfPage[]; font?: CjkFontOptions }): Promise<{ pdfBase64: string; sha256: string; bytes: number }> {
    // The pages are copied to the worker (the desk keeps its own until the submission is stored).
    return this.thread.request(
      (id) => ({ id, title: o.title, pages: o.pages, font: o.font }) satisfies PdfRequest,
      (r) => {
        if (!r.ok) throw new KioskError('internal', `materials: the PDF could not be assembled: ${r.message}`, true);
        return { pdfBase64: r.pdfBase64, sha256: r.sha256, bytes: r.bytes };
      },
    );
  }

  dispose(): Promise<void> {
    return this.thread.close();
  }
}
