import { closeSync, fchmodSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** What a log file does when the disk refuses a write: told once per outage, through `onTrouble`. */
export interface RotatingFileTrouble {
  /** `ENOSPC`, `EIO`, … */
  code: string;
  message: string;
  /** Lines dropped since the outage began. */
  dropped: number;
}

/** The one line a log outage is reported with. */
export function describeTrouble(path: string, t: RotatingFileTrouble): string {
  return `kiosk: log ${path}: ${t.code === 'ENOSPC' ? 'the disk is full' : t.message}; dropping log lines until it clears`;
}

/**
 * A size-rotated append-only file: `path`, then `path.1` … `path.(maxFiles-1)`, oldest dropped.
 * Writes are synchronous (one line at a time) so a crash loses nothing already logged and a
 * SIGKILL cannot leave half a JSON line behind a buffered tail.
 *
 * Logging never takes the kiosk down: a full disk (ENOSPC), an I/O error or a failed rotation drops
 * the line, reports the outage once (`onTrouble`, stderr by default) and tries again on the next
 * line; a line cut short by the disk is ended before the next one so every line stays JSON.
 * Files are 0600 in a 0700 directory: logs are redacted, but they are still the kiosk's own.
 */
export class RotatingFile {
  private fd: number | null = null;
  private size = 0;
  private dropped = 0;
  private troubled = false;
  /** A write stopped mid-line: the next one starts on a fresh line. */
  private cutShort = false;

  constructor(
    readonly path: string,
    private readonly maxBytes: number,
    private readonly maxFiles: number,
    private readonly onTrouble: (t: RotatingFileTrouble) => void = (t) => process.stderr.write(`${describeTrouble(path, t)}\n`),
  ) {
    this.attempt(() => this.openFile());
  }

  /** Append one line (a newline is added); rotates first when the line would pass the size limit. Never throws. */
  write(line: string): void {
    this.attempt(() => {
      if (this.fd === null) this.openFile();
      const text = line.endsWith('\n') ? line : `${line}\n`;
      const buf = Buffer.from(this.cutShort ? `\n${text}` : text, 'utf8');
      if (this.size > 0 && this.size + buf.length > this.maxBytes) this.rotate();
      let off = 0;
      try {
        while (off < buf.length) off += writeSync(this.fd!, buf, off, buf.length - off);
      } finally {
        this.size += off;
        if (off > 0) this.cutShort = off < buf.length;
      }
      if (this.troubled) {
        this.troubled = false;
        const note = `{"ts":"${new Date().toISOString()}","level":"warn","ns":"kiosk:log","msg":"log writes failed for a while; ${this.dropped} line(s) were dropped"}\n`;
        this.dropped = 0;
        this.size += writeSync(this.fd!, note);
      }
    });
  }

  /** Every file this logger may have written, newest first (for readers and tests). */
  files(): string[] {
    const out = [this.path];
    for (let i = 1; i < this.maxFiles; i++) if (existsSync(`${this.path}.${i}`)) out.push(`${this.path}.${i}`);
    return out;
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    this.attempt(() => closeSync(fd));
  }

  private openFile(): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    this.fd = openSync(this.path, 'a', 0o600);
    const st = fstatSync(this.fd);
    // A log left by an older build (0640) is narrowed too; a device or pipe given as the path is left alone.
    if (st.isFile() && (st.mode & 0o077) !== 0) fchmodSync(this.fd, 0o600);
    this.size = st.size;
  }

  /** Run a file step; a failure drops the line and is reported once per outage, never thrown. */
  private attempt(step: () => void): void {
    try {
      step();
    } catch (e) {
      this.dropped++;
      if (this.troubled) return;
      this.troubled = true;
      const err = e as NodeJS.ErrnoException;
      try {
        this.onTrouble({ code: err.code ?? 'EIO', message: err.message ?? String(e), dropped: this.dropped });
      } catch (reportError) {
        // stderr itself is gone (a closed pipe): there is nowhere left to say it, and the kiosk must go on.
        void reportError;
      }
    }
  }

  private rotate(): void {
    const old = this.fd;
    this.fd = null;
    if (old !== null) closeSync(old);
    if (this.maxFiles <= 1) {
      rmSync(this.path, { force: true });
    } else {
      rmSync(`${this.path}.${this.maxFiles - 1}`, { force: true });
      for (let i = this.maxFiles - 2; i >= 1; i--) if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      renameSync(this.path, `${this.path}.1`);
    }
    this.openFile();
  }
}
