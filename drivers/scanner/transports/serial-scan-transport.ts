import createDebug from 'debug';
import { SerialPort } from 'serialport';
import { KioskError } from '../../../contracts/errors.js';
import type { ScanTransport } from './scan-transport.js';

const debug = createDebug('kiosk:scanner:serial');

/** RS-232 or USB CDC-ACM scanner (`/dev/ttyACM0`, a COM port). Also the simulator's side of a pty. */
export class SerialScanTransport implements ScanTransport {
  readonly unit = 'stream' as const;
  readonly describe: string;
  private port: SerialPort | null = null;
  private dataListeners: ((c: Uint8Array) => void)[] = [];
  private closeListeners: ((e: Error | null) => void)[] = [];

  constructor(
    private readonly path: string,
    private readonly baudRate: number,
    private readonly openTimeoutMs = 3000,
  ) {
    this.describe = `serial:${path}@${baudRate}`;
  }

  async open(): Promise<void> {
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new KioskError('device-offline', `${this.describe}: open timed out`, true)), this.openTimeoutMs);
      port.open((e) => {
        clearTimeout(timer);
        if (e) reject(new KioskError('device-offline', `${this.describe}: ${e.message}`, true, { cause: e }));
        else resolve();
      });
    });
    this.port = port;
    debug('opened %s', this.describe);
    // Byte counts only: scan payloads can carry personal data.
    port.on('data', (d: Buffer) => {
      debug('rx %d bytes', d.length);
      for (const l of this.dataListeners) l(new Uint8Array(d));
    });
    let lastError: Error | null = null;
    port.on('error', (e) => {
      debug('error %s', e.message);
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

  /** Write bytes (the simulator sends scans; a driver may send vendor trigger/config commands). */
  write(bytes: Uint8Array): Promise<void> {
    const p = this.port;
    if (!p?.isOpen) return Promise.reject(new KioskError('device-offline', `${this.describe}: not open`, true));
    return new Promise((resolve, reject) =>
      p.write(Buffer.from(bytes), (e) => {
        if (e) return reject(new KioskError('device-offline', e.message, true, { cause: e }));
        p.drain((e2) => (e2 ? reject(new KioskError('device-offline', e2.message, true, { cause: e2 })) : resolve()));
      }),
    );
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
