import type { PrinterStatus } from '../../../contracts/devices.js';

/**
 * Status replies of ESC/POS printers (peripherals.md §2.5–2.6; Epson TM-L60II/TM-U220, HPRT TP80K
 * pp.72/75, receiptio's classifier). Pure: bytes in, typed replies out.
 *
 * - `DLE EOT n` answers one byte of the form `0xx1xx10` (bits 1 and 4 set, 0 and 7 clear).
 * - An automatic status back (`GS a`) block is 4 bytes; the first is `0xx1xx00`, the other three have
 *   bits 4 and 7 clear.
 * - The `GS r 1` reply is one byte with bits 4 and 7 clear (paper sensor bits).
 * - The `DLE DC4 fn=8` clear response is `37 25 00`; 0x37 is none of the above.
 */
export type PrinterReply =
  | { kind: 'realtime'; byte: number }
  | { kind: 'asb'; bytes: [number, number, number, number] }
  | { kind: 'paper-sensor'; byte: number }
  | { kind: 'clear-response' }
  | { kind: 'unknown'; byte: number };

/** The four `DLE EOT` replies, by n. */
export interface RealtimeStatusBytes {
  printer: number; // n = 1
  offlineCause: number; // n = 2
  errorCause: number; // n = 3
  paper: number; // n = 4
}

export const isRealtimeReply = (b: number): boolean => (b & 0x93) === 0x12;
export const isAsbHeader = (b: number): boolean => (b & 0x93) === 0x10;
export const isPaperSensorReply = (b: number): boolean => (b & 0x90) === 0;

/**
 * Incremental splitter for the reply stream: bytes may arrive in any chunking (a network printer can
 * split an ASB block across reads), so an incomplete ASB block waits for more bytes.
 */
export class ReplyReader {
  private pending: number[] = [];

  feed(chunk: Uint8Array): PrinterReply[] {
    for (const b of chunk) this.pending.push(b);
    const out: PrinterReply[] = [];
    while (this.pending.length > 0) {
      const b = this.pending[0]!;
      if (b === 0x37) {
        if (this.pending.length < 3) break;
        if (this.pending[1] === 0x25 && this.pending[2] === 0x00) {
          out.push({ kind: 'clear-response' });
          this.pending.splice(0, 3);
        } else {
          out.push({ kind: 'unknown', byte: b });
          this.pending.shift();
        }
      } else if (isRealtimeReply(b)) {
        out.push({ kind: 'realtime', byte: b });
        this.pending.shift();
      } else if (isAsbHeader(b)) {
        if (this.pending.length < 4) break;
        const [, b1, b2, b3] = this.pending as [number, number, number, number];
        if ((b1 & 0x90) === 0 && (b2 & 0x90) === 0 && (b3 & 0x90) === 0) {
          out.push({ kind: 'asb', bytes: [b, b1, b2, b3] });
          this.pending.splice(0, 4);
        } else {
          out.push({ kind: 'unknown', byte: b });
          this.pending.shift();
        }
      } else if (isPaperSensorReply(b)) {
        out.push({ kind: 'paper-sensor', byte: b });
        this.pending.shift();
      } else {
        out.push({ kind: 'unknown', byte: b });
        this.pending.shift();
      }
    }
    return out;
  }

  reset(): void {
    this.pending = [];
  }
}

/**
 * How a model reports a paper sensor in its pair of status bits (fleet-and-identity.md §5). Epson
 * defines each near-end / paper-end pair as both-or-none (`both`); Citizen's PPU-231II has two
 * separate near-end sensors in DLE EOT 4 bits 2 and 3 (`either`) and a presenter sensor in bit 6, so
 * only the pair's first bit is paper end (`first`). The printer profile says which.
 */
export type SensorPairMode = 'both' | 'either' | 'first';
export interface PaperSensorBits {
  nearEnd: SensorPairMode;
  paperEnd: SensorPairMode;
}
export const EPSON_SENSOR_BITS: PaperSensorBits = { nearEnd: 'both', paperEnd: 'both' };

/** The one reading of a sensor's bit pair, shared by DLE EOT 4, GS a and GS r. */
export function sensorPair(byte: number, firstBit: number, secondBit: number, mode: SensorPairMode): boolean {
  const a = (byte & firstBit) !== 0;
  const b = (byte & secondBit) !== 0;
  return mode === 'both' ? a && b : mode === 'either' ? a || b : a;
}

/** Decode the four `DLE EOT` reply bytes into the contract's status. */
export function decodeRealtimeStatus(s: RealtimeStatusBytes, bits: PaperSensorBits = EPSON_SENSOR_BITS): PrinterStatus {
  const coverOpen = (s.offlineCause & 0x04) !== 0; // n=2 bit 2
  const stoppedByPaperEnd = (s.offlineCause & 0x20) !== 0; // n=2 bit 5
  const errorOccurred = (s.offlineCause & 0x40) !== 0; // n=2 bit 6
  const cutterError = (s.errorCause & 0x08) !== 0; // n=3 bit 3
  // n=3: bit 2 recoverable (mechanical), bit 5 unrecoverable, bit 6 auto-recoverable (head temperature).
  const otherError = (s.errorCause & 0x64) !== 0;
  return {
    online: (s.printer & 0x08) === 0, // n=1 bit 3: offline
    paperEnd: stoppedByPaperEnd || sensorPair(s.paper, 0x20, 0x40, bits.paperEnd), // n=4 bits 5, 6
    paperNearEnd: sensorPair(s.paper, 0x04, 0x08, bits.nearEnd), // n=4 bits 2, 3
    coverOpen,
    cutterError,
    error: errorOccurred || cutterError || otherError,
  };
}

/** Decode an automatic-status-back block (Epson layout); paper bits in the third byte. */
export function decodeAsb(b: readonly [number, number, number, number], bits: PaperSensorBits = EPSON_SENSOR_BITS): PrinterStatus {
  const cutterError = (b[1] & 0x08) !== 0;
  return {
    online: (b[0] & 0x08) === 0,
    coverOpen: (b[0] & 0x20) !== 0,
    cutterError,
    error: cutterError || (b[1] & 0x64) !== 0,
    paperNearEnd: sensorPair(b[2], 0x01, 0x02, bits.nearEnd),
    paperEnd: sensorPair(b[2], 0x04, 0x08, bits.paperEnd),
  };
}

/** Paper bits of the `GS r 1` reply: bits 0, 1 near end, bits 2, 3 paper end. */
export function decodePaperSensor(byte: number, bits: PaperSensorBits = EPSON_SENSOR_BITS): { paperNearEnd: boolean; paperEnd: boolean } {
  return { paperNearEnd: sensorPair(byte, 0x01, 0x02, bits.nearEnd), paperEnd: sensorPair(byte, 0x04, 0x08, bits.paperEnd) };
}

/** Device condition that refuses a job, or null when the status is clean enough to print. */
export function blockingCondition(s: PrinterStatus): 'device-offline' | 'cover-open' | 'paper-end' | 'device-error' | null {
  if (s.coverOpen) return 'cover-open';
  if (s.paperEnd) return 'paper-end';
  if (s.error) return 'device-error';
  if (!s.online) return 'device-offline';
  return null;
}

/** The state detail the hub shows for a status (`paper-near-end` while still printable). */
export function statusDetail(s: PrinterStatus): string | null {
  if (s.coverOpen) return 'cover-open';
  if (s.paperEnd) return 'paper-end';
  if (s.cutterError) return 'cutter-error';
  if (s.error) return 'printer-error';
  if (!s.online) return 'offline';
  if (s.paperNearEnd) return 'paper-near-end';
  return null;
}

// ---- The printer's side of the same bits (used by the simulator and by the golden tests) ----

/** Printer-side condition the replies are built from. */
export interface PrinterCondition {
  paperEnd: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  cutterError?: boolean;
  /**
   * Which bit of each near-end pair the printer sets: `both` (Epson), or only the `first`/`second`
   * sensor of a model with two separate near-end sensors (Citizen PPU-231II). Default `both`.
   */
  nearEndBits?: 'both' | 'first' | 'second';
}

/** The near-end bits of a pair whose first bit is `first`. */
function nearEndPair(c: PrinterCondition, first: number): number {
  if (!(c.paperNearEnd || c.paperEnd)) return 0;
  const which = c.nearEndBits ?? 'both';
  return which === 'first' ? first : which === 'second' ? first << 1 : first | (first << 1);
}

/** The reply byte a printer sends for `DLE EOT n`. */
export function encodeRealtimeReply(n: number, c: PrinterCondition): number {
  const base = 0x12; // fixed bits: bit 1 and bit 4 set
  const offline = c.paperEnd || c.coverOpen || c.cutterError === true;
  switch (n) {
    case 1:
      return base | (offline ? 0x08 : 0);
    case 2:
      return base | (c.coverOpen ? 0x04 : 0) | (c.paperEnd ? 0x20 : 0) | (c.cutterError ? 0x40 : 0);
    case 3:
      return base | (c.cutterError ? 0x08 : 0);
    case 4:
      return base | nearEndPair(c, 0x04) | (c.paperEnd ? 0x60 : 0);
    default:
      return base;
  }
}

/** A printer's 4-byte automatic status back block. */
export function encodeAsb(c: PrinterCondition): [number, number, number, number] {
  const offline = c.paperEnd || c.coverOpen || c.cutterError === true;
  return [
    0x10 | (offline ? 0x08 : 0) | (c.coverOpen ? 0x20 : 0),
    c.cutterError ? 0x08 : 0,
    nearEndPair(c, 0x01) | (c.paperEnd ? 0x0c : 0),
    0,
  ];
}

/** A printer's `GS r 1` reply. */
export function encodePaperSensorReply(c: PrinterCondition): number {
  return nearEndPair(c, 0x01) | (c.paperEnd ? 0x0c : 0);
}
