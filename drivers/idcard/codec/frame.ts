/**
 * SAM host-protocol framing (idcard-sam-protocol.md §1): `AA AA AA 96 69 | Len1 Len2 | body | CHK`.
 * Len is big-endian and counts every byte after itself (body + CHK); CHK is the XOR of Len1 … last
 * body byte. Pure: no clock, no I/O.
 */

/** Full preamble written on every frame we send. */
export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
/**
 * Sync pattern searched for when receiving. YinanSoft `Sdtusbapi` looks for `AA AA 96 69` rather
 * than the full preamble, which also accepts the logged `AA 00 AA AA 96 69 …` (reference §1.2).
 */
const SYNC = [0xaa, 0xaa, 0x96, 0x69] as const;
/** Bytes from the start of SYNC to the first length byte. */
const SYNC_LEN = SYNC.length;

/**
 * Longest Len we accept. The longest real response is 30 10 with two fingerprints: Len 0x090A
 * (2314). Anything much larger is a corrupt length; refusing it keeps the decoder from waiting
 * forever for bytes that never come.
 */
export const MAX_FRAME_LEN = 0x0c00;

/** XOR of all bytes (the protocol's CHK_SUM). */
export function xorChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i]!;
  return x;
}

/** Build a complete frame around `body` (CMD Para Data, or SW1 SW2 SW3 Data). */
export function encodeFrame(body: Uint8Array): Uint8Array {
  const len = body.length + 1;
  if (len > 0xffff) throw new RangeError(`frame body too long: ${body.length}`);
  const out = new Uint8Array(PREAMBLE.length + 2 + len);
  out.set(PREAMBLE, 0);
  out[5] = len >> 8;
  out[6] = len & 0xff;
  out.set(body, 7);
  out[out.length - 1] = xorChecksum(out, 5, out.length - 1);
  return out;
}

/** A frame that passed the length and XOR checks. */
export interface Frame {
  /** The bytes between the length field and the checksum. */
  body: Uint8Array;
}

/** Why bytes were dropped while decoding. */
export type FrameErrorKind = 'bad-checksum' | 'bad-length';

export interface FrameError {
  kind: FrameErrorKind;
  /** Len as read from the (rejected) frame. */
  length: number;
}

export type DecodeEvent =
  | { type: 'frame'; frame: Frame; /** stray bytes skipped before this frame */ skipped: number }
  | { type: 'error'; error: FrameError };

/**
 * Streaming decoder: feed it bytes in any chunking, get whole frames out. It resynchronises on
 * `AA AA 96 69` after stray bytes; a frame with a bad checksum or an impossible length is reported
 * and scanning resumes one byte after its sync, so a real frame hidden inside it is still found.
 * `push` never throws.
 */
export class FrameDecoder {
  private buf = new Uint8Array(0);
  private skipped = 0;

  /** Bytes held while waiting for the rest of a frame (or for a sync). */
  get buffered(): number {
    return this.buf.length;
  }

  /** Drop everything buffered (e.g. before sending a new command). */
  reset(): void {
    this.buf = new Uint8Array(0);
    this.skipped = 0;
  }

  push(chunk: Uint8Array): DecodeEvent[] {
    const events: DecodeEvent[] = [];
    if (chunk.length > 0) {
      const merged = new Uint8Array(this.buf.length + chunk.length);
      merged.set(this.buf, 0);
      merged.set(chunk, this.buf.length);
      this.buf = merged;
    }
    let pos = 0;
    const b = this.buf;
    for (;;) {
      const sync = findSync(b, pos);
      if (sync < 0) {
        // Keep a possible partial sync at the tail (up to 3 bytes), drop the rest.
        const keepFrom = Math.max(pos, b.length - (SYNC_LEN - 1));
        const tail = partialSyncStart(b, keepFrom);
        this.skipped += tail - pos;
        pos = tail;
        break;
      }
      this.skipped += sync - pos;
      pos = sync;
      const lenAt = sync + SYNC_LEN;
      if (b.length < lenAt + 2) break; // wait for the length bytes
      const len = (b[lenAt]! << 8) | b[lenAt + 1]!;
      if (len < 1 || len > MAX_FRAME_LEN) {
        events.push({ type: 'error', error: { kind: 'bad-length', length: len } });
        pos = sync + 1;
        this.skipped += 1;
        continue;
      }
      const end = lenAt + 2 + len; // exclusive
      if (b.length < end) break; // wait for the rest
      const chk = b[end - 1]!;
      if (xorChecksum(b, lenAt, end - 1) !== chk) {
        events.push({ type: 'error', error: { kind: 'bad-checksum', length: len } });
        pos = sync + 1;
        this.skipped += 1;
        continue;
      }
      // A leading `AA` of the preamble that preceded the sync is part of the frame, not stray.
      const strayBefore = Math.max(0, this.skipped - (sync > 0 && b[sync - 1] === 0xaa ? 1 : 0));
      events.push({ type: 'frame', frame: { body: b.slice(lenAt + 2, end - 1) }, skipped: strayBefore });
      this.skipped = 0;
      pos = end;
    }
    this.buf = pos === 0 ? b : b.slice(pos);
    return events;
  }
}

function findSync(b: Uint8Array, from: number): number {
  for (let i = from; i + SYNC_LEN <= b.length; i++) {
    if (b[i] === SYNC[0] && b[i + 1] === SYNC[1] && b[i + 2] === SYNC[2] && b[i + 3] === SYNC[3]) return i;
  }
  return -1;
}

/** First index ≥ from where the remaining bytes are a prefix of SYNC (b.length when none). */
function partialSyncStart(b: Uint8Array, from: number): number {
  for (let i = from; i < b.length; i++) {
    let ok = true;
    for (let j = 0; i + j < b.length; j++) {
      if (b[i + j] !== SYNC[j]) {
        ok = false;
        break;
      }
    }
    if (ok) return i;
  }
  return b.length;
}
