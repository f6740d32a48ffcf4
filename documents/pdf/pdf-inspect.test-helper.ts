import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { pdfBackend, pdfjs, pdfPageSize, type PdfBackend } from '../../drivers/core/test-support/pdf-tools.js';

// jsqr is CommonJS whose typings declare an ES default export: under NodeNext the default import is
// module.exports, which carries the function both as itself and as `.default`.
const jsQR = jsQRModule.default;

/**
 * Test helpers that read PDFs with real tools (poppler-utils: pdfinfo, pdffonts, pdftotext,
 * pdftoppm, or pdf.js from npm where poppler is not installed) and decode QR codes from the rendered
 * page with jsQR. Not a test file itself.
 */
export class PdfFile {
  readonly dir = mkdtempSync(join(tmpdir(), 'pdf-inspect-'));
  readonly path = join(this.dir, 'doc.pdf');
  readonly backend: PdfBackend = pdfBackend();
  constructor(bytes: Buffer) {
    writeFileSync(this.path, bytes);
  }
  /** `Page size: 1190.55 x 841.89 pts (A3)` → `{ w, h, name }`. */
  pageSize(): { w: number; h: number; name: string | null } {
    return pdfPageSize(this.path);
  }
  pages(): number {
    if (this.backend === 'pdfjs') return pdfjs<{ pages: number }>('info', this.path).pages;
    return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [this.path], { encoding: 'utf8' }))![1]);
  }
  /** Rows of pdffonts: name, type, emb, sub. */
  fonts(): { name: string; type: string; embedded: boolean; subset: boolean }[] {
    if (this.backend === 'pdfjs') return pdfjs('fonts', this.path);
    const lines = execFileSync('pdffonts', [this.path], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    return lines.map((l) => {
      const cols = l.trim().split(/\s+/);
      // name type… encoding emb sub uni object ID: count from the end (type may contain spaces).
      const n = cols.length;
      return { name: cols[0]!, type: cols.slice(1, n - 6).join(' '), embedded: cols[n - 5] === 'yes', subset: cols[n - 4] === 'yes' };
    });
  }
  text(): string {
    if (this.backend === 'pdfjs') return pdfjs<string>('text', this.path);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', this.path, '-'], { encoding: 'utf8' });
  }
  /** Word boxes from `pdftotext -bbox` (points, from the top-left). */
  words(): { text: string; xMin: number; yMin: number; xMax: number; yMax: number }[] {
    if (this.backend === 'pdfjs') return pdfjs('words', this.path);
    const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', this.path, '-'], { encoding: 'utf8' });
    return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      text: m[5]!,
    }));
  }
  /** Render a region (mm) at `dpi` with pdftoppm and decode a QR code in it; null when none is found. */
  decodeQr(region: { xMm: number; yMm: number; wMm: number; hMm: number }, dpi = 200): string | null {
    const png = this.render(region, dpi);
    const hit = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    return hit ? hit.data : null;
  }
  /** Render a region (mm) of the first page at `dpi` (pdftoppm, or pdf.js without poppler). */
  render(region: { xMm: number; yMm: number; wMm: number; hMm: number }, dpi = 200): PNG {
    const px = (mm: number) => String(Math.round((mm / 25.4) * dpi));
    const base = join(this.dir, `render-${dpi}`);
    if (this.backend === 'pdfjs') pdfjs('render', this.path, String(dpi), px(region.xMm), px(region.yMm), px(region.wMm), px(region.hMm), `${base}.png`);
    else execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', '-x', px(region.xMm), '-y', px(region.yMm), '-W', px(region.wMm), '-H', px(region.hMm), this.path, base]);
    return PNG.sync.read(readFileSync(`${base}.png`));
  }
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
