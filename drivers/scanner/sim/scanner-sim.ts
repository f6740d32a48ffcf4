import iconv from 'iconv-lite';
import { KioskError } from '../../../contracts/errors.js';
import { openPtyPair } from '../../core/sim/pty-pair.js';
import { SerialScanTransport } from '../transports/serial-scan-transport.js';

/** How the simulated scanner sends a code. */
export interface SimScanOptions {
  /** Suffix after the payload. Default CR (the common factory setting). */
  suffix?: '\r' | '\n' | '\r\n' | '';
  /** Payload encoding. Default utf-8. */
  encoding?: 'utf-8' | 'gb18030';
  /** Split the bytes into chunks of this size with `chunkGapMs` between them. Default: one write. */
  chunkSize?: number;
  /** Gap between chunks, ms (keep below the driver's inter-byte timeout). Default 2. */
  chunkGapMs?: number;
  /** Optional AIM identifier prefix, e.g. `]Q1`. */
  aim?: string;
}

/** Bytes a serial scanner sends for `data`. Pure. */
export function scanBytes(data: string, o: SimScanOptions = {}): Uint8Array {
  const body = o.encoding === 'gb18030' ? iconv.encode(data, 'gb18030') : Buffer.from(data, 'utf8');
  return Uint8Array.from(Buffer.concat([Buffer.from(o.aim ?? '', 'latin1'), body, Buffer.from(o.suffix ?? '\r', 'latin1')]));
}

/** A serial scanner on a pseudo-terminal: the driver opens `devicePath`. */
export interface PtyScannerSim {
  devicePath: string;
  scan(data: string, o?: SimScanOptions): Promise<void>;
  close(): Promise<void>;
}

export async function startPtyScannerSim(): Promise<PtyScannerSim> {
  const pair = await openPtyPair();
  const port = new SerialScanTransport(pair.simPath, 9600);
  try {
    await port.open();
  } catch (e) {
    await pair.close();
    throw e;
  }
  return {
    devicePath: pair.hostPath,
    scan: (data, o = {}) => sendChunked((b) => port.write(b), scanBytes(data, o), o),
    close: async () => {
      await port.close();
      await pair.close();
    },
  };
}

/** Write `bytes` in chunks with gaps, as a real scanner's UART/USB packets arrive. */
export async function sendChunked(write: (b: Uint8Array) => Promise<void> | void, bytes: Uint8Array, o: SimScanOptions): Promise<void> {
  const size = o.chunkSize && o.chunkSize > 0 ? o.chunkSize : bytes.length;
  for (let i = 0; i < bytes.length; i += size) {
    if (i > 0) await new Promise((r) => setTimeout(r, o.chunkGapMs ?? 2));
    await write(bytes.subarray(i, i + size));
  }
}

export function simUnavailable(cause: unknown): KioskError {
  return new KioskError('not-available', `scanner simulator: ${cause instanceof Error ? cause.message : String(cause)}`);
}
