import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jpeg from 'jpeg-js';
import sharp from 'sharp';
import { toBmp } from '../../../drivers/idcard/photo/photo-decoder.js';
import { decodeBmp, decodeImage, decodeJpeg, downscale } from './image-decode.js';
import { jpegStructure, MAX_JPEG_SCANS } from './jpeg-structure.js';

/** A small progressive JPEG, as libvips writes one (its default script: about ten scans). */
function progressive(): Promise<Buffer> {
  const rgb = Buffer.alloc(64 * 48 * 3);
  for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 37) & 0xff;
  return sharp(rgb, { raw: { width: 64, height: 48, channels: 3 } }).jpeg({ progressive: true, quality: 80 }).toBuffer();
}

/** `base` (a progressive JPEG) with its last scan repeated until it has `scans` in all: well-formed, marker for marker. */
function withScans(base: Buffer, scans: number): Buffer {
  const have = jpegStructure(base, 1e9).scans;
  const lastSos = base.lastIndexOf(Buffer.from([0xff, 0xda]));
  const eoi = base.length - 2;
  const scan = base.subarray(lastSos, eoi);
  return Buffer.concat([base.subarray(0, eoi), ...Array.from({ length: scans - have }, () => scan), base.subarray(eoi)]);
}

describe('pictures for the face check', () => {
  it('reads a JPEG frame and a vendor decoder’s bottom-up BGR BMP', () => {
    const rgba = Buffer.alloc(8 * 4 * 4, 0);
    for (let i = 0; i < 32; i++) rgba.set([200, 30, 40, 255], i * 4);
    const f = decodeJpeg(jpeg.encode({ data: rgba, width: 8, height: 4 }, 95).data);
    assert.deepEqual([f.width, f.height], [8, 4]);
    assert.ok(Math.abs(f.rgb[0]! - 200) < 12 && Math.abs(f.rgb[1]! - 30) < 12);
    // First raw row is the bottom row: red there, blue elsewhere.
    const raw = new Uint8Array(102 * 126 * 3);
    for (let i = 0; i < 102 * 126; i++) raw.set(i < 102 ? [0, 0, 255] : [255, 0, 0], i * 3);
    const img = decodeBmp(toBmp(raw).bmp);
    assert.deepEqual([img.width, img.height], [102, 126]);
    assert.deepEqual([...img.rgb.subarray(0, 3)], [0, 0, 255], 'top row blue');
    assert.deepEqual([...img.rgb.subarray((125 * 102) * 3, (125 * 102) * 3 + 3)], [255, 0, 0], 'bottom row red');
  });

  it('refuses what is not a picture, too large, or truncated, as bad-request', () => {
    assert.throws(() => decodeImage(Buffer.from('GIF89a....')), { code: 'bad-request' });
    assert.throws(() => decodeJpeg(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])), { code: 'bad-request' });
    // A JPEG header claiming 60000 × 60000 is refused before any pixel buffer is made.
    const big = Buffer.from(jpeg.encode({ data: Buffer.alloc(16 * 16 * 4), width: 16, height: 16 }, 80).data);
    const sof = big.indexOf(Buffer.from([0xff, 0xc0]));
    big.writeUInt16BE(60000, sof + 5);
    big.writeUInt16BE(60000, sof + 7);
    assert.throws(() => decodeJpeg(big), { code: 'bad-request' });
    const bmp = Buffer.from(toBmp(new Uint8Array(102 * 126 * 3)).bmp);
    assert.throws(() => decodeBmp(bmp.subarray(0, 1000)), { code: 'bad-request' });
    bmp.writeInt32LE(100_000, 18);
    assert.throws(() => decodeBmp(bmp), { code: 'bad-request' });
  });

  it('shrinks a large photo to the detector’s size and leaves small ones alone', () => {
    const img = { width: 4000, height: 3000, rgb: new Uint8Array(4000 * 3000 * 3).fill(7) };
    const s = downscale(img, 1280);
    assert.ok(s.width <= 1280 && s.height <= 1280);
    assert.equal(s.rgb[0], 7);
    const small = { width: 10, height: 10, rgb: new Uint8Array(300) };
    assert.equal(downscale(small, 1280), small);
  });

  it('reads a progressive photo of ordinary scans; refuses a JPEG of thousands of scans from its markers, before decoding', async () => {
    const ordinary = await progressive();
    assert.equal(jpegStructure(ordinary, 100).progressive, true);
    assert.deepEqual([decodeJpeg(ordinary).width, decodeJpeg(ordinary).height], [64, 48]);
    const bomb = withScans(ordinary, 21_560);
    assert.equal(jpegStructure(bomb, 1e9).scans, 21_560, 'a well-formed file, scan for scan');
    // Refused by the marker walk (its message), not by the decoder running out of time.
    assert.throws(() => decodeJpeg(bomb), { code: 'bad-request', message: new RegExp(`more than ${MAX_JPEG_SCANS} scans`) });
    assert.throws(() => decodeJpeg(withScans(ordinary, MAX_JPEG_SCANS + 1)), { code: 'bad-request', message: /scans/ });
    assert.doesNotThrow(() => decodeJpeg(withScans(ordinary, MAX_JPEG_SCANS)), 'the limit itself is allowed');
    // Truncated inside a segment, or no image data: refused as data too.
    assert.throws(() => jpegStructure(ordinary.subarray(0, 30), 100), { code: 'bad-request' });
    assert.throws(() => jpegStructure(Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 100), { code: 'bad-request' });
  });
});
