import { connect, type Socket } from 'node:net';
import createDebug from 'debug';
import { KioskError } from '../../../contracts/errors.js';
import type { PrinterTransport } from './printer-transport.js';

const debug = createDebug('kiosk:printer:tcp');

/** Raw TCP (port 9100, "JetDirect") to a network printer; replies come back on the same socket. */
export class TcpPrinterTransport implements PrinterTransport {
  readonly canRead = true;
  readonly describe: string;
  private socket: Socket | null = null;
  private dataListeners: ((c: Uint8Array) => void)[] = [];
  private closeListeners: ((e: Error | null) => void)[] = [];

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    this.describe = `tcp://${host}:${port}`;
  }

  open(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new KioskError('device-offline', `${this.describe}: no connection within ${timeoutMs} ms`, true));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        debug('connected %s', this.describe);
        this.socket = socket;
        socket.setKeepAlive(true, 5000);
        socket.on('data', (d: Buffer) => {
          debug('rx %d bytes', d.length);
          for (const l of this.dataListeners) l(new Uint8Array(d));
        });
        let lastError: Error | null = null;
        socket.on('error', (e) => {
          debug('socket error %s', e.message);
          lastError = e;
        });
        socket.once('close', () => {
          this.socket = null;
          debug('closed %s', this.describe);
          for (const l of this.closeListeners) l(lastError);
        });
        resolve();
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        if (this.socket !== socket) reject(new KioskError('device-offline', `${this.describe}: ${e.message}`, true, { cause: e }));
      });
    });
  }

  isOpen(): boolean {
    return this.socket !== null && !this.socket.destroyed;
  }

  write(bytes: Uint8Array): Promise<void> {
    const s = this.socket;
    if (!s || s.destroyed) return Promise.reject(new KioskError('device-offline', `${this.describe}: not connected`, true));
    debug('tx %d bytes', bytes.length);
    return new Promise((resolve, reject) => {
      s.write(bytes, (e) => (e ? reject(new KioskError('device-offline', `${this.describe}: ${e.message}`, true, { cause: e })) : resolve()));
    });
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: (error: Error | null) => void): void {
    this.closeListeners.push(listener);
  }

  close(): Promise<void> {
    const s = this.socket;
    if (!s) return Promise.resolve();
    return new Promise((resolve) => {
      s.once('close', () => resolve());
      s.end();
      setTimeout(() => s.destroy(), 500).unref();
    });
  }
}
