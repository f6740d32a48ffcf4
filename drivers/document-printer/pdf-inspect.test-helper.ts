import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS whose typings declare an ES default export: under NodeNext the default import is
// module.exports, which carries the function both as itself and as `.default`.
const jsQR = jsQRModule.default;

/**
 * Test helpers that read PDFs with real tools (poppler-utils: pdfinfo, pdffonts, pdftotext,
 * pdftoppm) and decode QR codes from the rendered page with jsQR. Not a test file itself.
 */
export class PdfFile {
  readonly dir = mkdtempSync(join(tmpdir(), 'pdf-inspect-'));
  readonly path = join(this.dir, 'doc.pdf');
  constructor(bytes: Buffer) {
    writeFileSync(this.path, bytes);
  }
  /** `Page size: 1190.55 x 841.89 pts (A3)` → `{ w, h, name }`. */
  pageSize(): { w: number; h: number; name: string | null } {
    const out = execFileSync('pdfinfo', [this.path], { encoding: 'utf8' });
    const m = /Page size:\s+([\d.]+) x ([\d.]+) pts(?: \((\w+)\))?/.exec(out);
    if (!m) throw new Error(`pdfinfo gave no page size:\n${out}`);
    return { w: Number(m[1]), h: Number(m[2]), name: m[3] ?? null };
  }
  pages(): number {
    return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [this.path], { encoding: 'utf8' }))![1]);
  }
  /** Rows of pdffonts: name, type, emb, sub. */
  fonts(): { name: string; type: string; embedded: boolean; subset: boolean }[] {
    const lines = execFileSync('pdffonts', [this.path], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    return lines.map((l) => {
      const cols = l.trim().split(/\s+/);
      // name type… encoding emb sub uni object ID: count from the end (type may contain spaces).
      const n = cols.length;
      return { name: cols[0]!, type: cols.slice(1, n - 6).join(' '), embedded: cols[n - 5] === 'yes', subset: cols[n - 4] === 'yes' };
    });
  }
  text(): string {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', this.path, '-'], { encoding: 'utf8' });
  }
  /** Word boxes from `pdftotext -bbox` (points, from the top-left). */
  words(): { text: string; xMin: number; yMin: number; xMax: number; yMax: number }[] {
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
    const px = (mm: number) => String(Math.round((mm / 25.4) * dpi));
    const base = join(this.dir, `qr-${dpi}`);
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', '-x', px(region.xMm), '-y', px(region.yMm), '-W', px(region.wMm), '-H', px(region.hMm), this.path, base]);
    const png = PNG.sync.read(readFileSync(`${base}.png`));
    const hit = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    return hit ? hit.data : null;
  }
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
