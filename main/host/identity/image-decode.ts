import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { KioskError } from '../../../contracts/errors.js';
import { MAX_FRAME_EDGE } from '../../../contracts/identity.js';
import type { RgbFrame } from './face-engine.js';
import { jpegStructure, MAX_JPEG_SCANS } from './jpeg-structure.js';

/**
 * Pictures the face check reads: camera frames (JPEG from the renderer), the decoded ID photo
 * (a 24-bit BMP from the vendor's decoder), and for `kiosk-diag face-match` also PNG. All of them
 * come from outside: sizes are checked before any pixel buffer is made, and a broken file is a
 * `bad-request`, never a crash.
 */

/** Pixels we accept in one picture (a 2-megapixel still is far more than a face check needs). */
const MAX_PIXELS = 2_100_000;

/** A JPEG, PNG or BMP file of up to `maxPixels` (a phone photo is ~12 MP; frames are far smaller). */
export function decodeImage(bytes: Uint8Array, maxEdge = MAX_FRAME_EDGE * 2, maxPixels = MAX_PIXELS): RgbFrame {
  if (bytes.length > 2 && bytes[0] === 0xff && bytes[1] === 0xd8) return decodeJpeg(bytes, maxEdge, maxPixels);
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return decodePng(bytes, maxEdge, maxPixels);
  if (bytes.length > 54 && bytes[0] === 0x42 && bytes[1] === 0x4d) return decodeBmp(bytes, maxEdge, maxPixels);
  throw new KioskError('bad-request', 'picture: not a JPEG, PNG or BMP');
}

export function decodeJpeg(bytes: Uint8Array, maxEdge = MAX_FRAME_EDGE, maxPixels = MAX_PIXELS): RgbFrame {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new KioskError('bad-request', 'frame: not a JPEG');
  // Size and scan count from the markers, before the decoder allocates or loops over anything.
  const shape = jpegStructure(bytes, MAX_JPEG_SCANS, 'frame');
  checkSize(shape.width, shape.height, maxEdge, maxPixels);
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: maxPixels / 1e6, maxMemoryUsageInMB: Math.ceil((maxPixels * 4) / 1e6) + 32, tolerantDecoding: false });
  } catch (e) {
    throw new KioskError('bad-request', `frame: ${e instanceof Error ? e.message : String(e)}`.slice(0, 200));
  }
  checkSize(img.width, img.height, maxEdge, maxPixels);
  if (img.data.length !== img.width * img.height * 3) throw new KioskError('bad-request', 'frame: not a colour or grey JPEG');
  return { width: img.width, height: img.height, rgb: img.data };
}

function decodePng(bytes: Uint8Array, maxEdge: number, maxPixels = MAX_PIXELS): RgbFrame {
  // IHDR is the first chunk: width and height at bytes 16–23, checked before inflating anything.
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 24) throw new KioskError('bad-request', 'picture: truncated PNG');
  checkSize(view.readUInt32BE(16), view.readUInt32BE(20), maxEdge, maxPixels);
  let png: PNG;
  try {
    png = PNG.sync.read(view);
  } catch (e) {
    throw new KioskError('bad-request', `picture: ${e instanceof Error ? e.message : String(e)}`.slice(0, 200));
  }
  const rgb = new Uint8Array(png.width * png.height * 3);
  for (let i = 0; i < png.width * png.height; i++) {
    rgb[i * 3] = png.data[i * 4]!;
    rgb[i * 3 + 1] = png.data[i * 4 + 1]!;
    rgb[i * 3 + 2] = png.data[i * 4 + 2]!;
  }
  png.data.fill(0);
  return { width: png.width, height: png.height, rgb };
}

/** A 24-bit uncompressed BMP (what WLT decoders produce, photo-decoder.ts), rows bottom-up or top-down. */
export function decodeBmp(bytes: Uint8Array, maxEdge = MAX_FRAME_EDGE, maxPixels = MAX_PIXELS): RgbFrame {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 54 || b.toString('ascii', 0, 2) !== 'BM') throw new KioskError('bad-request', 'picture: not a BMP');
  const offset = b.readUInt32LE(10);
  const width = b.readInt32LE(18);
  const rawHeight = b.readInt32LE(22);
  const bpp = b.readUInt16LE(28);
  const compression = b.readUInt32LE(30);
  const height = Math.abs(rawHeight);
  if (bpp !== 24 || compression !== 0) throw new KioskError('bad-request', `picture: a ${bpp}-bit BMP (compression ${compression}); only 24-bit uncompressed is read`);
  checkSize(width, height, maxEdge, maxPixels);
  const stride = (width * 3 + 3) & ~3;
  if (offset + stride * height > b.length) throw new KioskError('bad-request', 'picture: truncated BMP');
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const src = offset + (rawHeight > 0 ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x++) {
      rgb[(y * width + x) * 3] = b[src + x * 3 + 2]!;
      rgb[(y * width + x) * 3 + 1] = b[src + x * 3 + 1]!;
      rgb[(y * width + x) * 3 + 2] = b[src + x * 3]!;
    }
  }
  return { width, height, rgb };
}

function checkSize(width: number, height: number, maxEdge: number, maxPixels: number): void {
  if (!(width > 0 && height > 0)) throw new KioskError('bad-request', 'picture: no pixels');
  if (width > maxEdge || height > maxEdge || width * height > maxPixels) throw new KioskError('bad-request', `picture: ${width}×${height} is larger than ${maxEdge} pixels a side`);
}

/** Shrink so the longest edge is at most `maxEdge` (box filter); smaller pictures are returned as they are. */
export function downscale(img: RgbFrame, maxEdge: number): RgbFrame {
  const f = Math.ceil(Math.max(img.width, img.height) / maxEdge);
  if (f <= 1) return img;
  const width = Math.floor(img.width / f);
  const height = Math.floor(img.height / f);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let dy = 0; dy < f; dy++) for (let dx = 0; dx < f; dx++) s += img.rgb[((y * f + dy) * img.width + x * f + dx) * 3 + c]!;
        rgb[(y * width + x) * 3 + c] = Math.round(s / (f * f));
      }
  return { width, height, rgb };
}
