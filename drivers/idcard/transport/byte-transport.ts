import type { Disposable, Listener } from '../../../common/events.js';

/** Why a transport closed. `expected` is false for an unplugged device or a dead pty. */
export interface CloseInfo {
  expected: boolean;
  error: Error | null;
}

/**
 * A byte pipe to a reader. Implementations: serial (serialport), HID (node-hid, 64-byte reports)
 * and an in-memory pair for the simulator fallback. Only transports touch native modules.
 */
export interface ByteTransport {
  /** Human-readable target for logs, e.g. `serial:/dev/ttyUSB0@115200`. Never personal data. */
  readonly description: string;
  readonly isOpen: boolean;
  /** Open; rejects with a `device-offline` KioskError when the device is absent. */
  open(): Promise<void>;
  /** Write all bytes; resolves once they are handed to the OS (serial: drained). */
  write(bytes: Uint8Array): Promise<void>;
  /** Close; idempotent. Fires {@link onDidClose} with `expected: true`. */
  close(): Promise<void>;
  onDidReceive(listener: Listener<Uint8Array>): Disposable;
  onDidClose(listener: Listener<CloseInfo>): Disposable;
}

/** Creates a fresh transport for each (re)open attempt. */
export type TransportFactory = () => ByteTransport;
