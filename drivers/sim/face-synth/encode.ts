import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbImage } from './synth-face.js';

/** RGB → RGBA, as the encoders take it. */
function rgba(img: RgbImage): Buffer {
  const out = Buffer.alloc(img.width * img.height * 4, 255);
  for (let i = 0; i < img.width * img.height; i++) out.set(img.rgb.subarray(i * 3, i * 3 + 3), i * 4);
  return out;
}

/** A synthetic frame as the renderer sends it to the host (JPEG). */
export function toJpeg(img: RgbImage, quality = 85): Buffer {
  return Buffer.from(jpeg.encode({ data: rgba(img), width: img.width, height: img.height }, quality).data);
}

/** A synthetic picture as a PNG file (e.g. for `kiosk-diag face-match`). */
export function toPng(img: RgbImage): Buffer {
  const p = new PNG({ width: img.width, height: img.height });
  rgba(img).copy(p.data);
  return PNG.sync.write(p);
}
