import type { RgbImage } from './synth-face.js';

export interface HeldPhotoOptions {
  width: number;
  height: number;
  /** How far the attacker turns the picture about its vertical axis, radians. */
  yaw?: number;
  /** Picture width on the frame, pixels (when facing the camera). */
  size?: number;
  cx?: number;
  cy?: number;
  /** `paper`: a print with a white margin; `phone`: a screen in a black bezel, a little brighter. */
  medium?: 'paper' | 'phone';
}

/**
 * A picture of a face held up to the camera (the presentation attack the face check must withstand):
 * the photo is a flat plane, turned by `yaw` under the same mild perspective as the live renders, on
 * a hall background. Turning a flat picture moves every landmark by one homography, which is what
 * the planarity test (main/host/identity/planarity.ts) looks for.
 */
export function heldPhoto(photo: RgbImage, o: HeldPhotoOptions): RgbImage {
  const out = new Uint8Array(o.width * o.height * 3);
  const a = o.yaw ?? 0;
  const size = o.size ?? o.width * 0.45;
  const margin = o.medium === 'phone' ? 0.06 : 0.1;
  const pw = size * (1 + 2 * margin);
  const ph = (size * photo.height) / photo.width + size * 2 * margin;
  const cx = o.cx ?? o.width / 2;
  const cy = o.cy ?? o.height * 0.45;
  // Camera distance in pixel units (mild perspective, like the live renders); the focal length equals
  // it so the picture, facing the camera, is `size` pixels wide.
  const d = o.height * 4;
  const f = d;
  const cosA = Math.cos(a);
  const sinA = Math.sin(a);
  for (let y = 0; y < o.height; y++) {
    for (let x = 0; x < o.width; x++) {
      const X = (x + 0.5 - cx) / f;
      const Y = -(y + 0.5 - cy) / f;
      const px = (X * d) / (cosA - X * sinA);
      const py = -Y * (d + px * sinA);
      const k = (y * o.width + x) * 3;
      const u = px / pw + 0.5;
      const v = py / ph + 0.5;
      if (u >= 0 && u < 1 && v >= 0 && v < 1) {
        // Inside the picture's paper or bezel; the photo sits inside the margin.
        const iu = (u * pw - margin * size) / size;
        const iv = (v * ph - margin * size) / ((size * photo.height) / photo.width);
        if (iu >= 0 && iu < 1 && iv >= 0 && iv < 1) {
          sample(photo, iu * photo.width - 0.5, iv * photo.height - 0.5, out, k, o.medium === 'phone' ? 1.08 : 0.96);
        } else {
          const c = o.medium === 'phone' ? 18 : 240;
          out[k] = out[k + 1] = out[k + 2] = c;
        }
        continue;
      }
      const t = y / o.height;
      out[k] = Math.round((0.78 - 0.15 * t) * 255);
      out[k + 1] = Math.round((0.8 - 0.15 * t) * 255);
      out[k + 2] = Math.round((0.82 - 0.12 * t) * 255);
    }
  }
  return { width: o.width, height: o.height, rgb: out };
}

function sample(img: RgbImage, x: number, y: number, out: Uint8Array, k: number, gain: number): void {
  const x0 = Math.max(0, Math.min(img.width - 1, Math.floor(x)));
  const y0 = Math.max(0, Math.min(img.height - 1, Math.floor(y)));
  const x1 = Math.min(img.width - 1, x0 + 1);
  const y1 = Math.min(img.height - 1, y0 + 1);
  const fx = Math.min(1, Math.max(0, x - x0));
  const fy = Math.min(1, Math.max(0, y - y0));
  for (let c = 0; c < 3; c++) {
    const p = (xx: number, yy: number) => img.rgb[(yy * img.width + xx) * 3 + c]!;
    const v = (p(x0, y0) * (1 - fx) + p(x1, y0) * fx) * (1 - fy) + (p(x0, y1) * (1 - fx) + p(x1, y1) * fx) * fy;
    out[k + c] = Math.max(0, Math.min(255, Math.round(v * gain)));
  }
}
