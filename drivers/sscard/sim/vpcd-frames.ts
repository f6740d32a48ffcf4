/**
 * The vpcd socket protocol (vsmartcard's virtual reader driver for pcscd): every message either
 * way is a 2-byte big-endian length and that many bytes. From the reader, a 1-byte message is a
 * control (00 power off, 01 power on, 02 reset, 04 send the ATR); anything longer is a command
 * APDU. The card answers the ATR request and every APDU, and nothing else.
 */
export const VPCD_CTRL = { off: 0x00, on: 0x01, reset: 0x02, atr: 0x04 } as const;
/** vpcd's default port for the first virtual slot (35963 = 0x8C7B); the next slot is +1. */
export const VPCD_DEFAULT_PORT = 35963;
const MAX_FRAME = 0xffff;

/** Splits a byte stream into frames, whatever the chunking; bounded by the 16-bit length. */
export class VpcdFrameReader {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): Uint8Array[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    const out: Uint8Array[] = [];
    while (this.buf.length >= 2) {
      const len = this.buf.readUInt16BE(0);
      if (this.buf.length < 2 + len) break;
      out.push(Uint8Array.from(this.buf.subarray(2, 2 + len)));
      this.buf = this.buf.subarray(2 + len);
    }
    return out;
  }
}

export function encodeVpcdFrame(payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_FRAME) throw new RangeError(`vpcd frame too long: ${payload.length}`);
  const out = new Uint8Array(2 + payload.length);
  out[0] = payload.length >> 8;
  out[1] = payload.length & 0xff;
  out.set(payload, 2);
  return out;
}
