import createDebug from 'debug';
import { SerialPort } from 'serialport';
import { KioskError } from '../../contracts/errors.js';

/**
 * One serial port (RS-232, USB CDC-ACM or a pty) as a byte link: open with a timeout, write with
 * drain, data and close listeners. The scanner's and the receipt printer's serial transports are
 * this link under their own names. Logs byte counts only: payloads can carry personal data.
 */
export class SerialLink {
  private port: SerialPort | null = null;
  private readonly dataListeners: ((c: Uint8Array) => void)[] = [];
  private readonly closeListeners: ((e: Error | null) => void)[] = [];
  private readonly debug: createDebug.Debugger;

  constructor(
    private readonly path: string,
    private readonly baudRate: number,
    /** How the link names itself in messages, e.g. `serial:///dev/ttyUSB0?baud=9600`. */
    readonly describe: string,
    /** Debug namespace, e.g. `kiosk:printer:serial`. */
    namespace: string,
  ) {
    this.debug = createDebug(namespace);
  }

  /** Open the port 8N1; `device-offline` when it cannot be opened within `timeoutMs`. */
  async open(timeoutMs: number): Promise<void> {
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new KioskError('device-offline', `${this.describe}: open timed out`, true)), timeoutMs);
      port.open((e) => {
        clearTimeout(timer);
        if (e) reject(new KioskError('device-offline', `${this.describe}: ${e.message}`, true, { cause: e }));
        else resolve();
      });
    });
    this.port = port;
    this.debug('opened %s', this.describe);
    port.on('data', (d: Buffer) => {
      this.debug('rx %d bytes', d.length);
      for (const l of this.dataListeners) l(new Uint8Array(d));
    });
    let lastError: Error | null = null;
    port.on('error', (e) => {
      this.debug('port error %s', e.message);
      lastError = e;
    });
    port.once('close', (e?: Error) => {
      this.port = null;
      for (const l of this.closeListeners) l(e ?? lastError);
    });
  }

  isOpen(): boolean {
    return this.port?.isOpen === true;
  }

  /** Write and wait until the OS has sent the bytes (`drain`). */
  write(bytes: Uint8Array): Promise<void> {
    const p = this.port;
    if (!p?.isOpen) return Promise.reject(new KioskError('device-offline', `${this.describe}: not open`, true));
    this.debug('tx %d bytes', bytes.length);
    return new Promise((resolve, reject) => {
      p.write(Buffer.from(bytes), (e) => {
        if (e) return reject(new KioskError('device-offline', `${this.describe}: ${e.message}`, true, { cause: e }));
        p.drain((e2) => (e2 ? reject(new KioskError('device-offline', `${this.describe}: ${e2.message}`, true, { cause: e2 })) : resolve()));
      });
    });
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: (error: Error | null) => void): void {
    this.closeListeners.push(listener);
  }

  close(): Promise<void> {
    const p = this.port;
    if (!p?.isOpen) return Promise.resolve();
    return new Promise((resolve) => p.close(() => resolve()));
  }
}
