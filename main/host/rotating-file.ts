import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A size-rotated append-only file: `path`, then `path.1` … `path.(maxFiles-1)`, oldest dropped.
 * Writes are synchronous (one line at a time) so a crash loses nothing already logged and a
 * SIGKILL cannot leave half a JSON line behind a buffered tail.
 */
export class RotatingFile {
  private fd: number;
  private size: number;

  constructor(
    readonly path: string,
    private readonly maxBytes: number,
    private readonly maxFiles: number,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a', 0o640);
    this.size = fstatSync(this.fd).size;
  }

  /** Append one line (a newline is added); rotates first when the line would pass the size limit. */
  write(line: string): void {
    const buf = Buffer.from(line.endsWith('\n') ? line : `${line}\n`, 'utf8');
    if (this.size > 0 && this.size + buf.length > this.maxBytes) this.rotate();
    writeSync(this.fd, buf);
    this.size += buf.length;
  }

  /** Every file this logger may have written, newest first (for readers and tests). */
  files(): string[] {
    const out = [this.path];
    for (let i = 1; i < this.maxFiles; i++) if (existsSync(`${this.path}.${i}`)) out.push(`${this.path}.${i}`);
    return out;
  }

  close(): void {
    closeSync(this.fd);
  }

  private rotate(): void {
    closeSync(this.fd);
    if (this.maxFiles <= 1) {
      rmSync(this.path, { force: true });
    } else {
      rmSync(`${this.path}.${this.maxFiles - 1}`, { force: true });
      for (let i = this.maxFiles - 2; i >= 1; i--) if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      renameSync(this.path, `${this.path}.1`);
    }
    this.fd = openSync(this.path, 'a', 0o640);
    this.size = 0;
  }
}
