import { KioskError } from '../../../contracts/errors.js';
import { Emitter } from '../../../common/events.js';
import { SerialLink } from '../../core/serial-link.js';
import type { ByteTransport, CloseInfo } from './byte-transport.js';

/** Serial line settings; SAM readers default to 115200 8N1 (reference §6.1). */
export interface SerialOptions {
  path: string;
  /** Default 115200. */
  baudRate?: number;
}

/**
 * How long opening the port may take. A local port opens in milliseconds; a USB-serial driver that
 * hangs must not hang the reader's reconnect loop.
 */
const OPEN_TIMEOUT_MS = 5000;

/**
 * A serial port (USB-serial, RS-232 or a pty) as the reader's {@link ByteTransport}: the shared
 * {@link SerialLink} (the same link under the scanner and the receipt printer), plus whether a close
 * was ours or the device went away.
 */
export class SerialTransport implements ByteTransport {
  readonly description: string;
  private readonly link: SerialLink;
  private closing = false;
  private readonly received = new Emitter<Uint8Array>();
  private readonly closed = new Emitter<CloseInfo>();
  readonly onDidReceive = this.received.event;
  readonly onDidClose = this.closed.event;

  constructor(options: SerialOptions) {
    const baudRate = options.baudRate ?? 115200;
    this.description = `serial:${options.path}@${baudRate}`;
    this.link = new SerialLink(options.path, baudRate, this.description, 'kiosk:idcard:serial');
    this.link.onData((chunk) => this.received.fire(chunk));
    this.link.onClose((err) => {
      // An unplugged adapter closes with `disconnected`, even while we were closing it ourselves.
      const expected = this.closing && !(err as (Error & { disconnected?: boolean }) | null)?.disconnected;
      this.closed.fire({ expected, error: err });
    });
  }

  get isOpen(): boolean {
    return this.link.isOpen();
  }

  async open(): Promise<void> {
    if (this.link.isOpen()) throw new KioskError('internal', `${this.description} already opened`);
    await this.link.open(OPEN_TIMEOUT_MS);
  }

  write(bytes: Uint8Array): Promise<void> {
    return this.link.write(bytes);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.link.close();
  }
}
