import { constants, promises as fsp } from 'node:fs';
import createDebug from 'debug';
import { KioskError } from '../../../contracts/errors.js';
import type { PrinterTransport } from './printer-transport.js';

const debug = createDebug('kiosk:printer:file');

/** How often the non-blocking device file is polled for replies, ms. */
const READ_POLL_MS = 15;

/**
 * The Linux USB printer-class device (`file:///dev/usb/lp0`, group `lp`). usblp supports read() on
 * bidirectional printers; the file is opened O_NONBLOCK and polled so a read never parks a libuv
 * worker thread. If the kernel refuses reads (unidirectional device, plain file), `canRead` turns
 * false and status cannot be trusted.
 */
export class DeviceFilePrinterTransport implements PrinterTransport {
  readonly describe: string;
  canRead = true;
  private fh: fsp.FileHandle | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reading = false;
  private dataListeners: ((c: Uint8Array) => void)[] = [];
  private closeListeners: ((e: Error | null) => void)[] = [];

  constructor(private readonly path: string) {
    this.describe = `file://${path}`;
  }

  async open(_timeoutMs: number): Promise<void> {
    try {
      this.fh = await fsp.open(this.path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new KioskError('device-offline', `${this.describe}: ${err.code ?? err.message}${err.code === 'EACCES' ? ' (is the kiosk user in group lp?)' : ''}`, true, { cause: e });
    }
    const st = await this.fh.stat();
    if (!st.isCharacterDevice()) this.canRead = false; // a plain file (spool capture) has no replies
    debug('opened %s canRead=%s', this.describe, this.canRead);
    if (this.canRead) this.timer = setInterval(() => void this.poll(), READ_POLL_MS);
  }

  private async poll(): Promise<void> {
    if (this.reading || !this.fh) return;
    this.reading = true;
    const buf = Buffer.alloc(256);
    try {
      const { bytesRead } = await this.fh.read(buf, 0, buf.length, null);
      if (bytesRead > 0) {
        debug('rx %d bytes', bytesRead);
        for (const l of this.dataListeners) l(new Uint8Array(buf.subarray(0, bytesRead)));
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return;
      if (code === 'EINVAL' || code === 'EOPNOTSUPP') {
        // Unidirectional printer: usblp has no read endpoint.
        this.canRead = false;
        this.stopPolling();
        debug('read not supported on %s: %s', this.describe, code);
        return;
      }
      debug('read error %s', code);
      void this.fail(e as Error);
    } finally {
      this.reading = false;
    }
  }

  private stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async fail(e: Error): Promise<void> {
    await this.close();
    for (const l of this.closeListeners) l(e);
  }

  isOpen(): boolean {
    return this.fh !== null;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.fh) throw new KioskError('device-offline', `${this.describe}: not open`, true);
    debug('tx %d bytes', bytes.length);
    let off = 0;
    while (off < bytes.length) {
      try {
        const { bytesWritten } = await this.fh.write(bytes, off, bytes.length - off, null);
        off += bytesWritten;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // O_NONBLOCK: the printer's buffer is full; wait for it to print a little.
        if (code === 'EAGAIN') await new Promise((r) => setTimeout(r, 20));
        else throw new KioskError('device-offline', `${this.describe}: write failed (${code ?? (e as Error).message})`, true, { cause: e });
      }
    }
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: (error: Error | null) => void): void {
    this.closeListeners.push(listener);
  }

  async close(): Promise<void> {
    this.stopPolling();
    const fh = this.fh;
    this.fh = null;
    if (fh) await fh.close();
  }
}
