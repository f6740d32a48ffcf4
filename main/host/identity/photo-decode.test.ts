import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { decodePhoto, MAX_PROGRESSIVE_PIXELS } from './photo-decode.js';

const opts = { maxEdge: 1280, timeoutMs: 60_000 };

/** A phone-sized picture made by libvips: a flat colour with a dark square at the centre (to check what comes back is the picture). */
function phone(width: number, height: number): ReturnType<typeof sharp> {
  const square = Math.round(Math.min(width, height) / 4);
  const dark = { input: { create: { width: square, height: square, channels: 3 as const, background: { r: 10, g: 10, b: 10 } } }, left: Math.round((width - square) / 2), top: Math.round((height - square) / 2) };
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 150, b: 100 } } }).composite([dark]);
}

function at(img: { width: number; rgb: Uint8Array }, x: number, y: number): number[] {
  const i = (Math.round(y) * img.width + Math.round(x)) * 3;
  return [img.rgb[i]!, img.rgb[i + 1]!, img.rgb[i + 2]!];
}

describe('photos for kiosk-diag face-match: decoded already shrunk', { timeout: 300_000 }, () => {
  it('a 48 MP and a 12 MP 4:4:4 JPEG from a phone come back at most 1280 px a side, the picture intact', async () => {
    for (const [w, h] of [[8000, 6000], [4000, 3000]] as const) {
      const jpeg = await phone(w, h).jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer();
      const img = await decodePhoto(jpeg, opts);
      assert.deepEqual([img.width, img.height], [1280, 960], `${w}×${h}`);
      assert.equal(img.rgb.length, 1280 * 960 * 3);
      assert.ok(at(img, 640, 480).every((v) => v < 40), `dark centre: ${at(img, 640, 480)}`);
      assert.ok(Math.abs(at(img, 50, 50)[0]! - 200) < 8, `the colour round the edge: ${at(img, 50, 50)}`);
    }
  });

  it('a 50 MP 16-bit PNG, and a grey JPEG, come back as 8-bit RGB at most 1280 px a side', async () => {
    const png16 = await phone(7100, 7100).toColourspace('rgb16').png({ compressionLevel: 1 }).toBuffer();
    assert.equal(png16[24], 16, 'a 16-bit PNG');
    const img = await decodePhoto(png16, opts);
    assert.deepEqual([img.width, img.height], [1280, 1280]);
    assert.ok(at(img, 640, 640).every((v) => v < 40));
    const grey = await phone(2000, 1500).greyscale().jpeg().toBuffer();
    const g = await decodePhoto(grey, opts);
    assert.equal(g.rgb.length, g.width * g.height * 3);
  });

  it('refuses a large progressive JPEG (its coefficients are held whole), too many pixels, and what is no picture', async () => {
    const prog = await phone(6000, 4500).jpeg({ progressive: true, quality: 70 }).toBuffer();
    assert.ok(6000 * 4500 > MAX_PROGRESSIVE_PIXELS);
    await assert.rejects(decodePhoto(prog, opts), { code: 'bad-request', message: /progressive JPEG of 6000×4500/ });
    const small = await phone(1600, 1200).jpeg({ progressive: true }).toBuffer();
    assert.equal((await decodePhoto(small, opts)).width, 1280, 'a progressive photo of ordinary size is read');
    const huge = await phone(64, 64).png().toBuffer();
    huge.writeUInt32BE(100_000, 16); // IHDR claims 100,000 × 64 (CRC no longer matches, but the size is refused first)
    huge.writeUInt32BE(100_000, 20);
    await assert.rejects(decodePhoto(huge, opts), { code: 'bad-request', message: /MP/ });
    await assert.rejects(decodePhoto(Buffer.from('GIF89a........................'), opts), { code: 'bad-request', message: /not a JPEG, PNG or BMP/ });
    const cut = await phone(800, 600).jpeg().toBuffer();
    await assert.rejects(decodePhoto(cut.subarray(0, cut.length / 2), opts), { code: 'bad-request' });
  });
});
