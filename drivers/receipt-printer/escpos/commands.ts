/**
 * ESC/POS command bytes, one function per manual command (names as in the Epson ESC/POS reference
 * and the vendor manuals cited in peripherals.md §2). Pure: no I/O, no state.
 */
export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

function u8(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new RangeError(`${what} must be 0..255, got ${n}`);
  return n;
}

/** `ESC @`: initialise; modes return to the power-on defaults (Chinese mode on most CN printers). */
export const initialise = (): Uint8Array => bytes(ESC, 0x40);
/** `FS &`: select Chinese (Kanji) character mode: bytes ≥ 0x81 pair up as GB2312/GBK/GB18030 codes. */
export const chineseModeOn = (): Uint8Array => bytes(FS, 0x26);
/** `FS .`: cancel Chinese character mode. */
export const chineseModeOff = (): Uint8Array => bytes(FS, 0x2e);
/** `ESC t n`: select a single-byte character code table (0 = PC437). */
export const codeTable = (n: number): Uint8Array => bytes(ESC, 0x74, u8(n, 'code table'));
/** `ESC E n`: emphasised (bold) on/off. */
export const bold = (on: boolean): Uint8Array => bytes(ESC, 0x45, on ? 1 : 0);
/** `GS ! n`: character size, width and height multipliers 1..8 (high nibble width, low nibble height). */
export function characterSize(width: number, height: number): Uint8Array {
  if (width < 1 || width > 8 || height < 1 || height > 8) throw new RangeError('character size is 1..8');
  return bytes(GS, 0x21, ((width - 1) << 4) | (height - 1));
}
/** `ESC a n`: justification 0 left, 1 centre, 2 right. */
export function justify(align: 'left' | 'center' | 'right'): Uint8Array {
  return bytes(ESC, 0x61, align === 'left' ? 0 : align === 'center' ? 1 : 2);
}
/** `LF`: print and feed one line. */
export const lineFeed = (): Uint8Array => bytes(LF);
/** `ESC d n`: print and feed n lines. */
export const feedLines = (n: number): Uint8Array => bytes(ESC, 0x64, u8(n, 'feed lines'));

/**
 * `GS V m n` with m = 65 ('A', feed n then full cut) or 66 ('B', feed n then partial cut): feeding to
 * the cutter first keeps the last line above the blade. Valid only at the start of a line.
 */
export function cut(kind: 'full' | 'partial', feed = 0): Uint8Array {
  return bytes(GS, 0x56, kind === 'full' ? 0x41 : 0x42, u8(feed, 'cut feed'));
}

/** `GS a n`: automatic status back; bit 1 online/offline, bit 2 error, bit 3 paper sensor (0 = off). */
export const automaticStatusBack = (n: number): Uint8Array => bytes(GS, 0x61, u8(n, 'ASB mask'));
/** `DLE EOT n`: real-time status, n = 1 printer, 2 offline cause, 3 error cause, 4 roll paper. */
export function realtimeStatus(n: 1 | 2 | 3 | 4): Uint8Array {
  return bytes(DLE, EOT, n);
}
/**
 * `DLE DC4 fn=8 d1…d7` (1 3 20 1 6 2 8): clear buffer(s). Real-time: drops everything in the receive
 * and print buffers, even while the printer is offline, and answers the 3-byte clear response
 * `37 25 00` (Epson ESC/POS reference; Citizen CT-S series). Send nothing else until that arrives.
 */
export const clearBuffers = (): Uint8Array => bytes(DLE, 0x14, 0x08, 1, 3, 20, 1, 6, 2, 8);
/** The clear response to {@link clearBuffers}: header 0x37, identifier 0x25, NUL. */
export const CLEAR_RESPONSE = [0x37, 0x25, 0x00] as const;
/** `DLE ENQ 2`: recover from an error after clearing the receive and print buffers; no answer. */
export const recoverClearingBuffers = (): Uint8Array => bytes(DLE, 0x05, 0x02);

/** `GS r 1`: transmit paper sensor status; answered only after everything before it was processed. */
export const transmitPaperStatus = (): Uint8Array => bytes(GS, 0x72, 0x01);

/** `GS ( k` with cn = 49 (QR code); `payload` is fn followed by its parameters. */
function qrFunction(payload: number[] | Uint8Array): Uint8Array {
  const len = payload.length + 1; // + cn
  const out = new Uint8Array(5 + len);
  out.set([GS, 0x28, 0x6b, len & 0xff, len >> 8, 49]);
  out.set(payload, 6);
  return out;
}

/** QR error-correction levels as `GS ( k` fn 169 parameters (48..51 = L/M/Q/H). */
export const QR_EC = { L: 48, M: 49, Q: 50, H: 51 } as const;

/**
 * A native QR code: fn 165 model 2, fn 167 module size, fn 169 error correction, fn 180 store,
 * fn 181 print. `data` ≤ 7089 bytes (store length = pL + pH×256 − 3).
 */
export function qrCode(data: Uint8Array, moduleSize: number, ec: keyof typeof QR_EC = 'M'): Uint8Array {
  if (moduleSize < 1 || moduleSize > 16) throw new RangeError('QR module size is 1..16');
  if (data.length === 0 || data.length > 7089) throw new RangeError('QR data is 1..7089 bytes');
  const parts = [
    qrFunction([65, 50, 0]), // fn 165: model 2
    qrFunction([67, moduleSize]), // fn 167: module size in dots
    qrFunction([69, QR_EC[ec]]), // fn 169: error correction
    qrFunction(concat([Uint8Array.of(80, 48), data])), // fn 180: store, m = 48
    qrFunction([81, 48]), // fn 181: print, m = 48
  ];
  return concat(parts);
}

/** Barcode systems for `GS k m n d…` (function B). */
export const BARCODE_SYSTEM = { ean13: 67, code39: 69, code128: 73 } as const;

/**
 * A barcode: `GS h` height, `GS w` module width, `GS H 2` HRI below, then `GS k m n d…`. CODE128 data
 * is prefixed with `{B` (code set B) as the manual requires.
 */
export function barcode(data: string, system: keyof typeof BARCODE_SYSTEM, height = 80, width = 2): Uint8Array {
  if (!/^[\x20-\x7e]+$/.test(data)) throw new RangeError('barcode data must be printable ASCII');
  if (system === 'ean13' && !/^\d{12,13}$/.test(data)) throw new RangeError('EAN-13 takes 12 or 13 digits');
  const payload = system === 'code128' ? `{B${data}` : data;
  if (payload.length > 255) throw new RangeError('barcode data too long');
  const d = Uint8Array.from(payload, (c) => c.charCodeAt(0));
  return concat([
    bytes(GS, 0x68, u8(height, 'barcode height')),
    bytes(GS, 0x77, u8(width, 'barcode width')),
    bytes(GS, 0x48, 2),
    bytes(GS, 0x6b, BARCODE_SYSTEM[system], d.length),
    d,
  ]);
}

/**
 * `GS v 0 m xL xH yL yH d…`: print a raster bit image, m = 0 (normal). `rows` is 1 bit per dot, MSB
 * first, `widthBytes` bytes per row.
 */
export function rasterImage(rows: Uint8Array, widthBytes: number, height: number): Uint8Array {
  if (rows.length !== widthBytes * height) throw new RangeError('raster size mismatch');
  if (widthBytes > 0xffff || height > 0xffff) throw new RangeError('raster too large');
  const head = bytes(GS, 0x76, 0x30, 0, widthBytes & 0xff, widthBytes >> 8, height & 0xff, height >> 8);
  return concat([head, rows]);
}

/**
 * Custom VKP80III `FS P n1 n2 n3 n4` ejector activation: present n1 mm, blink LEDs (1), action
 * 'E' eject / 'R' retract for a ticket not taken, after n4 seconds.
 */
export function customPresent(lengthMm: number, blink: boolean, notTaken: 'retract' | 'eject', timeoutSec: number): Uint8Array {
  return bytes(FS, 0x50, u8(lengthMm, 'present length'), blink ? 1 : 0, notTaken === 'retract' ? 0x52 : 0x45, u8(timeoutSec, 'present timeout'));
}

/** Citizen PMU2300-III `GS R 1 n`: auto-retract a presented receipt after n seconds (0 = never). */
export const citizenAutoRetract = (seconds: number): Uint8Array => bytes(GS, 0x52, 1, u8(seconds, 'retract seconds'));

export function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
