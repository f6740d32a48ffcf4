import sharp from 'sharp';
import { KioskError } from '../../../contracts/errors.js';
import type { RgbFrame } from './face-engine.js';
import { decodeBmp, downscale } from './image-decode.js';
import { jpegStructure, MAX_JPEG_SCANS } from './jpeg-structure.js';

/**
 * Photos a technician hands `kiosk-diag face-match`: phone pictures of 12–50 megapixels, JPEG or
 * PNG (8 or 16-bit), or the 24-bit BMP a WLT decoder writes. They are decoded already shrunk to
 * what the detector uses, never at full size: libvips (sharp) scales a JPEG in the DCT while
 * decoding it (1/2, 1/4 or 1/8, libjpeg's scale-on-decode) and streams a PNG a few rows at a time
 * into the resize, so a 48 MP photo costs tens of megabytes, not the gigabyte a full RGBA decode
 * takes. Sizes and the JPEG's scans are read from the headers first; libvips' own cache is off.
 */

/** Input pixels accepted (a 50 MP phone sensor, with room). */
export const MAX_PHOTO_PIXELS = 64_000_000;
/**
 * A progressive JPEG cannot be decoded in strips: the decoder keeps every DCT coefficient of the
 * image (2 bytes a sample) until the last scan. 24 MP of those is ~100 MB; larger progressive
 * files are refused (phone cameras write baseline JPEG).
 */
export const MAX_PROGRESSIVE_PIXELS = 24_000_000;

sharp.cache(false);

export interface PhotoOptions {
  /** The longest edge of the result (the detector works at 1280). */
  maxEdge: number;
  /** Budget of the decode itself (libvips stops at it). */
  timeoutMs: number;
}

export async function decodePhoto(bytes: Uint8Array, o: PhotoOptions): Promise<RgbFrame> {
  const isJpeg = bytes.length > 2 && bytes[0] === 0xff && bytes[1] === 0xd8;
  const isPng = bytes.length > 24 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  if (!isJpeg && !isPng) {
    if (bytes.length > 54 && bytes[0] === 0x42 && bytes[1] === 0x4d) return downscale(decodeBmp(bytes, 4096, 16_000_000), o.maxEdge);
    throw new KioskError('bad-request', 'picture: not a JPEG, PNG or BMP');
  }
  let width: number;
  let height: number;
  if (isJpeg) {
    const s = jpegStructure(bytes, MAX_JPEG_SCANS);
    ({ width, height } = s);
    if (s.progressive && width * height > MAX_PROGRESSIVE_PIXELS) throw new KioskError('bad-request', `picture: a progressive JPEG of ${width}×${height}; at most ${MAX_PROGRESSIVE_PIXELS / 1e6} MP (save it as baseline JPEG)`);
  } else {
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    width = view.readUInt32BE(16);
    height = view.readUInt32BE(20);
  }
  if (!(width > 0 && height > 0)) throw new KioskError('bad-request', 'picture: no pixels');
  if (width * height > MAX_PHOTO_PIXELS) throw new KioskError('bad-request', `picture: ${width}×${height} is more than ${MAX_PHOTO_PIXELS / 1e6} MP`);
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS, sequentialRead: true, failOn: 'error' })
      .rotate() // phone photos stand upright by their EXIF orientation
      .resize({ width: o.maxEdge, height: o.maxEdge, fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .timeout({ seconds: Math.max(1, Math.ceil(o.timeoutMs / 1000)) })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new KioskError('bad-request', `picture: ${info.channels} channels after decoding, expected 3`);
    return { width: info.width, height: info.height, rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (e) {
    if (e instanceof KioskError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    if (/timeout/i.test(message)) throw new KioskError('timeout', `picture: not decoded within ${o.timeoutMs} ms`, true);
    throw new KioskError('bad-request', `picture: ${message}`.slice(0, 200));
  }
}
