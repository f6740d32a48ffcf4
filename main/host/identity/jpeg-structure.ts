import { KioskError } from '../../../contracts/errors.js';

/**
 * Scans a JPEG may have. A camera frame is baseline (1 scan); a progressive photo has about 10
 * (libjpeg's default script), a few more when a tool optimised them. Each scan is a pass over the
 * whole image, so the count bounds the decode time.
 */
export const MAX_JPEG_SCANS = 24;

/** What the marker walk found: the frame's size and kind, and how many scans carry its data. */
export interface JpegStructure {
  width: number;
  height: number;
  progressive: boolean;
  scans: number;
}

/**
 * Walk a JPEG's markers without decoding anything (ITU T.81 Annex B): segments by their lengths,
 * entropy-coded data up to the next marker. Each SOS starts a scan, and a decoder goes over the
 * whole image once per scan: a progressive file of 20,000 tiny scans costs a core minutes. Past
 * `maxScans` the walk stops and the picture is refused, before any decoder sees it.
 */
export function jpegStructure(bytes: Uint8Array, maxScans: number, what = 'picture'): JpegStructure {
  const bad = (why: string) => new KioskError('bad-request', `${what}: ${why}`);
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw bad('not a JPEG');
  let pos = 2;
  let scans = 0;
  let frame: { width: number; height: number; progressive: boolean } | null = null;
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) throw bad('corrupt JPEG (no marker where one should be)');
    // Any number of 0xFF fill bytes may come before a marker.
    while (pos < bytes.length && bytes[pos] === 0xff) pos++;
    if (pos >= bytes.length) break;
    const marker = bytes[pos++]!;
    if (marker === 0xd9) break; // EOI
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // TEM, RSTn: no length
    if (pos + 2 > bytes.length) throw bad('truncated JPEG');
    const length = (bytes[pos]! << 8) | bytes[pos + 1]!;
    if (length < 2 || pos + length > bytes.length) throw bad('truncated JPEG segment');
    // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC): the frame header, with its size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 8) throw bad('corrupt JPEG frame header');
      if (frame) throw bad('more than one frame in a JPEG');
      frame = { height: (bytes[pos + 3]! << 8) | bytes[pos + 4]!, width: (bytes[pos + 5]! << 8) | bytes[pos + 6]!, progressive: marker === 0xc2 || marker === 0xc6 || marker === 0xca || marker === 0xce };
    }
    pos += length;
    if (marker !== 0xda) continue;
    if (++scans > maxScans) throw bad(`a JPEG of more than ${maxScans} scans (a camera frame has 1, a progressive photo about 10)`);
    // The scan's entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor RSTn.
    while (pos < bytes.length) {
      if (bytes[pos] === 0xff && pos + 1 < bytes.length) {
        const next = bytes[pos + 1]!;
        if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) break;
      }
      pos++;
    }
  }
  if (!frame) throw bad('a JPEG without a frame header');
  if (scans === 0) throw bad('a JPEG without image data');
  return { ...frame, scans };
}
