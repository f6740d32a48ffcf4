import createDebug from 'debug';
import { SerialPort } from 'serialport';
import { KioskError } from '../../../contracts/errors.js';
import { Emitter } from '../../../common/events.js';
import type { ByteTransport, CloseInfo } from './byte-transport.js';

const log = createDebug('kiosk:idcard:serial');

/** Serial line settings; SAM readers default to 115200 8N1 (reference §6.1). */
export interface SerialOptions {
  path: string;
  /** Default 115200. */
  baudRate?: number;
}

/** A serial port (USB-serial, RS-232 or a pty) through `serialport`. */
export class SerialTransport implements ByteTransport {
  readonly description: string;
  private port: SerialPort | null = null;
  private closing = false;
  private readonly received = new Emitter<Uint8Array>();
  private readonly closed = new Emitter<CloseInfo>();
  readonly onDidReceive = this.received.event;
  readonly onDidClose = this.closed.event;

  constructor(private readonly options: SerialOptions) {
    this.description = `serial:${options.path}@${options.baudRate ?? 115200}`;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.port) throw new KioskError('internal', `${this.description} already opened`);
    const port = new SerialPort({
      path: this.options.path,
      baudRate: this.options.baudRate ?? 115200,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) =>
      port.open((err) => (err ? reject(new KioskError('device-offline', `${this.description}: ${err.message}`, true, { cause: err })) : resolve())),
    );
    this.port = port;
    log('open %s', this.description);
    port.on('data', (chunk: Buffer) => {
      log('rx %d bytes', chunk.length);
      this.received.fire(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    });
    port.on('error', (err: Error) => log('error %s: %s', this.description, err.message));
    port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      const expected = this.closing && !err?.disconnected;
      log('close %s (%s)', this.description, expected ? 'expected' : (err?.message ?? 'unexpected'));
      this.port = null;
      this.closed.fire({ expected, error: err ?? null });
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw new KioskError('device-offline', `${this.description} is not open`, true);
    log('tx %d bytes', bytes.length);
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes), (err) => {
        if (err) return reject(new KioskError('device-offline', `${this.description}: write failed: ${err.message}`, true, { cause: err }));
        port.drain((e) => (e ? reject(new KioskError('device-offline', `${this.description}: drain failed: ${e.message}`, true, { cause: e })) : resolve()));
      });
    });
  }

  async close(): Promise<void> {
    const port = this.port;
    if (!port) return;
    this.closing = true;
    await new Promise<void>((resolve) =>
      port.close((err) => {
        // Closing a port whose device is already gone reports an error; the port is closed either way.
        if (err) log('close %s: %s', this.description, err.message);
        resolve();
      }),
    );
  }
}
