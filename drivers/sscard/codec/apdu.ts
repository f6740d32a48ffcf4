/**
 * ISO/IEC 7816-4 command and response APDUs, short form only: the social security card's basic
 * data never needs more than 255 bytes in or 256 out, and short APDUs work on every T=0 reader.
 */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data (Lc is its length); empty for case 1 and 2. */
  data?: Uint8Array;
  /** Expected answer length, 1–256 (256 is encoded as 00); omitted for case 1 and 3. */
  le?: number;
}

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

export function encodeCommand(c: CommandApdu): Uint8Array {
  for (const [name, v] of [['CLA', c.cla], ['INS', c.ins], ['P1', c.p1], ['P2', c.p2]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`APDU ${name} out of range: ${v}`);
  }
  const data = c.data ?? new Uint8Array(0);
  if (data.length > 255) throw new RangeError(`APDU data too long for a short APDU: ${data.length}`);
  if (c.le !== undefined && (!Number.isInteger(c.le) || c.le < 1 || c.le > 256)) throw new RangeError(`APDU Le out of range: ${c.le}`);
  const out: number[] = [c.cla, c.ins, c.p1, c.p2];
  if (data.length > 0) out.push(data.length, ...data);
  if (c.le !== undefined) out.push(c.le & 0xff);
  return Uint8Array.from(out);
}

/** Split a card's answer into data and SW1SW2; an answer shorter than the status word is malformed. */
export function decodeResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new RangeError(`response APDU of ${bytes.length} bytes has no status word`);
  const n = bytes.length;
  return { data: bytes.slice(0, n - 2), sw: (bytes[n - 2]! << 8) | bytes[n - 1]! };
}

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

export const SW = {
  OK: 0x9000,
  /** Security status not satisfied: the field needs external authentication (a PSAM). */
  SECURITY_NOT_SATISFIED: 0x6982,
  AUTH_BLOCKED: 0x6983,
  FILE_NOT_FOUND: 0x6a82,
  RECORD_NOT_FOUND: 0x6a83,
  WRONG_P1P2: 0x6a86,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  COMMAND_NOT_ALLOWED: 0x6986,
} as const;

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

export function fromHex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) throw new RangeError(`not hex: ${s}`);
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}
