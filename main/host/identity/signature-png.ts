import { crc32 } from 'node:zlib';
import { PNG } from 'pngjs';
import { KioskError } from '../../../contracts/errors.js';
import { MAX_SIGNATURE_BYTES } from '../../../contracts/identity.js';

/** Longest edge a signature PNG may have: the renderer downscales to at most 1600 px; this leaves room, and bounds the decoded size (16 MB RGBA). */
export const MAX_SIGNATURE_EDGE = 2000;
/** Fewer inked pixels than this is no signature (a tap, a dot): the renderer refuses it first; this is the host's own check. */
export const MIN_INK_PIXELS = 150;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Allowed bit depths per colour type (PNG spec §11.2.2, Table 11.1). */
const DEPTHS: Record<number, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

const bad = (message: string) => new KioskError('bad-request', `signature.submit: ${message}`);

/**
 * Check a signature the renderer sent, without decompressing anything: strict base64, a PNG by
 * its signature and IHDR (size, depth, CRC). 16-bit and interlaced images are refused here: the
 * signing pad exports 8-bit, non-interlaced PNG, and those two kinds cost several times the decode
 * time of a plain one for nothing. The pixels are decoded later, off the event loop ({@link countInk}
 * in the signature worker).
 */
export function checkSignaturePng(base64: string): { png: Buffer; width: number; height: number } {
  // Buffer.from(…, 'base64') silently skips junk: check the alphabet and padding first.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) throw bad('pngBase64 is not base64');
  const png = Buffer.from(base64, 'base64');
  if (png.length > MAX_SIGNATURE_BYTES) {
    png.fill(0);
    throw bad(`the image is ${png.length} bytes; at most ${MAX_SIGNATURE_BYTES}`);
  }
  if (png.length < 8 + 25 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) throw bad('not a PNG image');
  // The first chunk must be IHDR, 13 bytes: width, height, depth, colour type, compression, filter, interlace.
  if (png.readUInt32BE(8) !== 13 || png.toString('latin1', 12, 16) !== 'IHDR') throw bad('not a PNG image (no IHDR)');
  if (crc32(png.subarray(12, 29)) !== png.readUInt32BE(29)) throw bad('corrupt PNG header (IHDR checksum)');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const depth = png.readUInt8(24);
  const colour = png.readUInt8(25);
  const interlace = png.readUInt8(28);
  if (width < 16 || height < 16 || width > MAX_SIGNATURE_EDGE || height > MAX_SIGNATURE_EDGE) throw bad(`image size ${width}×${height}; each edge 16–${MAX_SIGNATURE_EDGE} px`);
  if (!DEPTHS[colour]?.includes(depth)) throw bad(`unsupported PNG colour type ${colour} / depth ${depth}`);
  if (depth === 16) throw bad('a 16-bit PNG; the signature is an 8-bit image');
  if (interlace !== 0) throw bad('an interlaced PNG; the signature is a non-interlaced image');
  return { png, width, height };
}

/**
 * Decode a checked signature PNG in full (so a truncated or corrupt stream is refused here, not
 * later in the PDF or at the back end) and count its inked pixels. CPU-bound: run in the worker.
 */
export function countInk(png: Buffer): number {
  let decoded: PNG;
  try {
    decoded = PNG.sync.read(png);
  } catch (e) {
    throw bad(`corrupt PNG data: ${e instanceof Error ? e.message : String(e)}`);
  }
  // pngjs gives 8-bit RGBA whatever the source.
  const px = decoded.data;
  let ink = 0;
  for (let i = 0; i < px.length; i += 4) {
    const a = px[i + 3]!;
    if (a > 64 && (px[i]! < 200 || px[i + 1]! < 200 || px[i + 2]! < 200)) ink++;
  }
  px.fill(0);
  return ink;
}
