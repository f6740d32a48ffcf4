import { KioskError } from '../../../contracts/errors.js';

/**
 * A byte pipe to a printer. `write` resolves once the bytes left our process (drained); `onData`
 * delivers whatever the printer sends back. Transports never interpret bytes.
 */
export interface PrinterTransport {
  /** Human-readable target for logs and status (`tcp://…`, `serial:///dev/…`). */
  readonly describe: string;
  /** Whether replies can be read at all (false: write-only device file, status cannot be trusted). */
  readonly canRead: boolean;
  open(timeoutMs: number): Promise<void>;
  isOpen(): boolean;
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): void;
  /** Called once when the link drops (remote close, unplug, error). */
  onClose(listener: (error: Error | null) => void): void;
  close(): Promise<void>;
}

/** A parsed `devices.receiptPrinter.uri`. */
export type PrinterUri =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'serial'; path: string; baudRate: number }
  | { kind: 'file'; path: string }
  | { kind: 'sim' };

/** Parse `tcp://host:9100`, `serial:///dev/x?baud=N`, `file:///dev/usb/lp0` or `sim:`. */
export function parsePrinterUri(uri: string): PrinterUri {
  if (uri === 'sim:' || uri.startsWith('sim:')) return { kind: 'sim' };
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw new KioskError('bad-request', `printer URI "${uri}" is not a URI (expected tcp://host:9100, serial:///dev/x?baud=N, file:///dev/usb/lp0 or sim:)`);
  }
  if (u.protocol === 'tcp:') {
    if (!u.hostname) throw new KioskError('bad-request', `printer URI "${uri}" has no host`);
    const port = u.port ? Number(u.port) : 9100;
    return { kind: 'tcp', host: u.hostname.replace(/^\[|\]$/g, ''), port };
  }
  if (u.protocol === 'serial:') {
    const path = decodeURIComponent(u.pathname);
    if (!path || path === '/') throw new KioskError('bad-request', `printer URI "${uri}" has no device path`);
    const baud = u.searchParams.get('baud');
    const baudRate = baud === null ? 9600 : Number(baud);
    if (!Number.isInteger(baudRate) || baudRate <= 0) throw new KioskError('bad-request', `printer URI "${uri}": baud must be a positive integer`);
    return { kind: 'serial', path, baudRate };
  }
  if (u.protocol === 'file:') {
    const path = decodeURIComponent(u.pathname);
    if (!path || path === '/') throw new KioskError('bad-request', `printer URI "${uri}" has no device path`);
    return { kind: 'file', path };
  }
  throw new KioskError('bad-request', `printer URI scheme "${u.protocol}" is not one of tcp:, serial:, file:, sim:`);
}
