import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { CjkFontOptions } from '../../../drivers/document-printer/cjk-font.js';
import { assembleMaterialPdf, type PdfPage } from './materials-pdf.js';

/**
 * A material's PDF is assembled here, off the host's event loop: pdfkit laying out ten pages of
 * camera JPEGs, then base64 and SHA-256 of the result, held the host's loop for over a second. The
 * worker's copies of the pages and of the PDF are zeroed once the answer is sent.
 */
export type PdfRequest = { id: number; title: string; pages: PdfPage[]; font?: CjkFontOptions };
export type PdfReply = { id: number; ok: true; pdfBase64: string; sha256: string; bytes: number } | { id: number; ok: false; message: string };

parentPort?.on('message', (m: PdfRequest) => {
  void answer(m).then((r) => parentPort!.postMessage(r));
});

async function answer(m: PdfRequest): Promise<PdfReply> {
  // Structured clone hands over plain Uint8Arrays: pdfkit wants Buffers (same memory).
  const pages = m.pages.map((p) => ({ ...p, bytes: Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength) }));
  try {
    const pdf = await assembleMaterialPdf({ title: m.title, pages, font: m.font });
    try {
      return { id: m.id, ok: true, pdfBase64: pdf.toString('base64'), sha256: createHash('sha256').update(pdf).digest('hex'), bytes: pdf.length };
    } finally {
      pdf.fill(0);
    }
  } catch (e) {
    return { id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) };
  } finally {
    for (const p of pages) p.bytes.fill(0);
  }
}
