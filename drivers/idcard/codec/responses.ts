import { encodeFrame } from './frame.js';
import { samStatus, type SamStatus } from './status.js';

/** A reader → host frame split into its status words and data (reference §1.2). */
export interface SamResponse {
  sw1: number;
  sw2: number;
  status: SamStatus;
  data: Uint8Array;
}

/** Result of a pure parse: codecs report problems as values and never throw on device input. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Interpret a frame body as a response (needs at least SW1 SW2 SW3). */
export function parseResponse(body: Uint8Array): Parsed<SamResponse> {
  if (body.length < 3) return { ok: false, reason: `response body of ${body.length} bytes has no status words` };
  return { ok: true, value: { sw1: body[0]!, sw2: body[1]!, status: samStatus(body[2]!), data: body.slice(3) } };
}

/** Data bytes of a successful 20 02 (select card) answer: the card's serial number. */
export const SELECT_ANSWER_BYTES = 8;

/**
 * Whether `r` can be the answer to the card command `cmd para`, or is recognisably another card
 * command's: the protocol carries no request id, so a slow answer to a timed-out request would
 * otherwise be taken for the next request's. Find card answers 9F (found) or 80, never 90; select
 * answers 90 with the 8-byte serial; a read answers 90 with its length words and blocks. Error
 * statuses carry no data and may answer anything.
 */
export function answersCommand(cmd: number, para: number, r: SamResponse): boolean {
  const code = r.status.code;
  const findCard = cmd === 0x20 && para === 0x01;
  const selectCard = cmd === 0x20 && para === 0x02;
  const readCard = cmd === 0x30;
  if (code === 0x9f) return findCard;
  if (code !== 0x90) return true;
  if (findCard) return false;
  if (selectCard) return r.data.length === SELECT_ANSWER_BYTES;
  if (readCard) return r.data.length !== SELECT_ANSWER_BYTES;
  return true;
}

/** Reader side (simulator): a full response frame `… SW1 SW2 SW3 data CHK`. */
export function encodeResponse(sw3: number, data: Uint8Array = new Uint8Array(0), sw1 = 0, sw2 = 0): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[0] = sw1;
  body[1] = sw2;
  body[2] = sw3;
  body.set(data, 3);
  return encodeFrame(body);
}

export const TEXT_BLOCK_BYTES = 256;
export const PHOTO_BLOCK_BYTES = 1024;

/** Data of a 30 01 / 30 10 answer. */
export interface CardBlocks {
  /** 256-byte UCS-2LE text block. */
  text: Uint8Array;
  /** 1024-byte WLT photo block. */
  photo: Uint8Array;
  /** Fingerprint feature data (30 10 only; 0, 512 or 1024 bytes). */
  fingerprint: Uint8Array | null;
}

/**
 * Data of 30 01 (reference §2.1): text length, photo length (2 bytes big-endian each), then the
 * blocks. The lengths must be exactly 256 and 1024 and the data must end with them.
 */
export function parseReadTextPhoto(data: Uint8Array): Parsed<CardBlocks> {
  if (data.length < 4) return { ok: false, reason: 'read response too short' };
  const textLen = (data[0]! << 8) | data[1]!;
  const photoLen = (data[2]! << 8) | data[3]!;
  if (textLen !== TEXT_BLOCK_BYTES || photoLen !== PHOTO_BLOCK_BYTES) {
    return { ok: false, reason: `unexpected block lengths ${textLen}/${photoLen}` };
  }
  if (data.length !== 4 + textLen + photoLen) return { ok: false, reason: `read response of ${data.length} data bytes` };
  return { ok: true, value: { text: data.slice(4, 4 + textLen), photo: data.slice(4 + textLen), fingerprint: null } };
}

/** Data of 30 10 (reference §2.2): three lengths (text, photo, fingerprint), then the blocks. */
export function parseReadTextPhotoFingerprint(data: Uint8Array): Parsed<CardBlocks> {
  if (data.length < 6) return { ok: false, reason: 'read response too short' };
  const textLen = (data[0]! << 8) | data[1]!;
  const photoLen = (data[2]! << 8) | data[3]!;
  const fpLen = (data[4]! << 8) | data[5]!;
  if (textLen !== TEXT_BLOCK_BYTES || photoLen !== PHOTO_BLOCK_BYTES || ![0, 512, 1024].includes(fpLen)) {
    return { ok: false, reason: `unexpected block lengths ${textLen}/${photoLen}/${fpLen}` };
  }
  if (data.length !== 6 + textLen + photoLen + fpLen) return { ok: false, reason: `read response of ${data.length} data bytes` };
  const t = 6;
  const p = t + textLen;
  const f = p + photoLen;
  return {
    ok: true,
    value: { text: data.slice(t, p), photo: data.slice(p, f), fingerprint: fpLen ? data.slice(f) : null },
  };
}

/** Reader side (simulator): data of a 30 01 answer. */
export function encodeReadTextPhotoData(text: Uint8Array, photo: Uint8Array): Uint8Array {
  if (text.length !== TEXT_BLOCK_BYTES || photo.length !== PHOTO_BLOCK_BYTES) throw new RangeError('text must be 256 and photo 1024 bytes');
  const out = new Uint8Array(4 + text.length + photo.length);
  out.set([text.length >> 8, text.length & 0xff, photo.length >> 8, photo.length & 0xff], 0);
  out.set(text, 4);
  out.set(photo, 4 + text.length);
  return out;
}

/** Reader side (simulator): data of a 30 10 answer. */
export function encodeReadTextPhotoFingerprintData(text: Uint8Array, photo: Uint8Array, fingerprint: Uint8Array): Uint8Array {
  if (text.length !== TEXT_BLOCK_BYTES || photo.length !== PHOTO_BLOCK_BYTES || ![0, 512, 1024].includes(fingerprint.length)) {
    throw new RangeError('text 256, photo 1024, fingerprint 0/512/1024 bytes');
  }
  const out = new Uint8Array(6 + text.length + photo.length + fingerprint.length);
  out.set([1, 0, 4, 0, fingerprint.length >> 8, fingerprint.length & 0xff], 0);
  out.set(text, 6);
  out.set(photo, 6 + text.length);
  out.set(fingerprint, 6 + text.length + photo.length);
  return out;
}

/**
 * SAM id (12 FF, reference §2.3): data bytes 0 and 2, then little-endian uint32 at 4, 8 and 12.
 * Formatted like HslCommunication (decimal, last two numbers padded to 9 digits); the vendor label
 * may differ, so the raw numbers are returned too.
 */
export interface SamId {
  text: string;
  parts: [number, number, number, number, number];
}

export function parseSamId(data: Uint8Array): Parsed<SamId> {
  if (data.length !== 16) return { ok: false, reason: `SAM id of ${data.length} bytes (expected 16)` };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const parts: SamId['parts'] = [data[0]!, data[2]!, view.getUint32(4, true), view.getUint32(8, true), view.getUint32(12, true)];
  const text = `${String(parts[0]).padStart(2, '0')}.${String(parts[1]).padStart(2, '0')}-${parts[2]}-${String(parts[3]).padStart(9, '0')}-${String(parts[4]).padStart(9, '0')}`;
  return { ok: true, value: { text, parts } };
}

/** Extra address (30 03, reference §2.4): 70 bytes UCS-2LE, space padded. Empty → null. */
export function parseExtraAddress(data: Uint8Array): Parsed<string | null> {
  if (data.length !== 70) return { ok: false, reason: `extra address of ${data.length} bytes (expected 70)` };
  const s = trimField(new TextDecoder('utf-16le').decode(data));
  return { ok: true, value: s === '' ? null : s };
}

/** Padding on the card is spaces (`20 00`); NULs are tolerated too. */
export function trimField(s: string): string {
  const pad = (c: string) => c === '\0' || c === '\u3000' || /\s/.test(c);
  let a = 0;
  let b = s.length;
  while (a < b && pad(s[a]!)) a++;
  while (b > a && pad(s[b - 1]!)) b--;
  return s.slice(a, b);
}
