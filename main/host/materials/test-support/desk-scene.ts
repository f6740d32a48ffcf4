import QRCode from 'qrcode';
import sharp from 'sharp';
import type { Cv } from '../opencv.js';
import type { Quad } from '../page-processing.js';

/**
 * Synthetic document-camera frames for tests and the bench: a printed A4 page (corner marks, lines
 * of "text", a QR code) lying at an angle on a desk, drawn as raw pixels (no canvas, no fonts), and
 * warped onto the desk by OpenCV itself.
 */
export interface SceneOptions {
  width: number;
  height: number;
  /** Page corners in the frame as shares of its size (TL, TR, BR, BL). */
  corners?: Quad;
  qrText?: string;
  /** Gaussian blur sigma in frame pixels (a page out of focus). */
  blurSigma?: number;
  /** A reflection: a clipped-white ellipse over this share of the page's middle. */
  glare?: boolean;
  /** What lies on the desk: the A4 page (default) or an ID card's side (see {@link drawCard}). */
  subject?: Subject;
}

/** Grey pixels of what lies on the desk (255 paper, 0 print), `w × h`. */
export interface Subject {
  w: number;
  h: number;
  px: Uint8Array;
}

/**
 * An A4 page (in pixels, whatever the frame's aspect) turned by `degrees` about the frame's middle,
 * filling `fill` of the frame's height, its far edge a little narrower (the camera looks down at a slant).
 */
export function pageCorners(width: number, height: number, degrees = 8, fill = 0.82): Quad {
  const h = fill * height;
  const w = h / Math.SQRT2;
  const a = (degrees * Math.PI) / 180;
  const pts: [number, number][] = [
    [-w / 2 * 0.96, -h / 2],
    [w / 2 * 0.96, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ];
  return pts.map(([x, y]) => ({ x: (width / 2 + x * Math.cos(a) - y * Math.sin(a)) / width, y: (height / 2 + x * Math.sin(a) + y * Math.cos(a)) / height })) as Quad;
}

/** Page pixels: white paper at 300 dpi / 3 (A4 = 827 × 1169), black marks. */
export const PAGE = { w: 827, h: 1169 } as const;
/** Corner marks: squares of this share of the page width, this far in from each edge. */
export const MARK = { inset: 0.04, size: 0.05 } as const;

export function drawPage(qrText: string): Uint8Array {
  const { w, h } = PAGE;
  const px = new Uint8Array(w * h).fill(255);
  const rect = (x0: number, y0: number, rw: number, rh: number, v = 0) => {
    for (let y = Math.max(0, Math.round(y0)); y < Math.min(h, Math.round(y0 + rh)); y++) px.fill(v, y * w + Math.max(0, Math.round(x0)), y * w + Math.min(w, Math.round(x0 + rw)));
  };
  const inset = MARK.inset * w;
  const m = MARK.size * w;
  rect(inset, inset, m, m);
  rect(w - inset - m, inset, m, m);
  rect(w - inset - m, h - inset - m, m, m);
  rect(inset, h - inset - m, m, m);
  // Lines of "words": deterministic widths, so every run draws the same page.
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let line = 0; line < 22; line++) {
    const y = 0.14 * h + line * 0.024 * h;
    let x = 0.12 * w;
    while (x < 0.86 * w) {
      const ww = (0.02 + next() * 0.07) * w;
      rect(x, y, Math.min(ww, 0.88 * w - x), 0.011 * h);
      x += ww + 0.012 * w;
    }
  }
  const qr = QRCode.create(qrText, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = Math.floor((0.3 * w) / n);
  const qx = Math.round(0.58 * w);
  const qy = Math.round(0.7 * h);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) rect(qx + c * cell, qy + r * cell, cell, cell);
  return px;
}

/** An ID card (ID-1, 85.6 × 54 mm at 10 px/mm) lying flat, its long side across, turned by `degrees`, `fill` of the frame's width. */
export function cardCorners(width: number, height: number, degrees = 6, fill = 0.42): Quad {
  const w = fill * width;
  const h = (w * 54) / 85.6;
  const a = (degrees * Math.PI) / 180;
  const pts: [number, number][] = [
    [-w / 2 * 0.97, -h / 2],
    [w / 2 * 0.97, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ];
  return pts.map(([x, y]) => ({ x: (width / 2 + x * Math.cos(a) - y * Math.sin(a)) / width, y: (height / 2 + x * Math.sin(a) + y * Math.cos(a)) / height })) as Quad;
}

/**
 * One side of a made-up ID card: a border line, lines of "text", a photo box on the front, and a QR
 * code carrying `qrText` (so a test can tell the sides apart after rectification and printing).
 */
export function drawCard(side: 'front' | 'back', qrText: string): Subject {
  const w = 856;
  const h = 540;
  const px = new Uint8Array(w * h).fill(255);
  const rect = (x0: number, y0: number, rw: number, rh: number, v = 0) => {
    for (let y = Math.max(0, Math.round(y0)); y < Math.min(h, Math.round(y0 + rh)); y++) px.fill(v, y * w + Math.max(0, Math.round(x0)), y * w + Math.min(w, Math.round(x0 + rw)));
  };
  rect(20, 20, w - 40, 4);
  rect(20, h - 24, w - 40, 4);
  if (side === 'front') rect(w - 250, 60, 190, 240);
  for (let line = 0; line < 5; line++) rect(60, 70 + line * 50, side === 'front' ? 360 - line * 30 : 500, 18);
  const qr = QRCode.create(qrText, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = Math.floor(190 / n);
  const qx = side === 'front' ? w - 250 : w - 260;
  const qy = side === 'front' ? 320 : 300;
  rect(qx - cell * 2, qy - cell * 2, (n + 4) * cell, (n + 4) * cell, 255);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) rect(qx + c * cell, qy + r * cell, cell, cell);
  return { w, h, px };
}

/** One RGB frame of the page on a desk (raw, `width × height × 3`). */
export async function deskFrame(cv: Cv & { BORDER_TRANSPARENT: number }, o: SceneOptions): Promise<Buffer> {
  const { width, height } = o;
  const { w: pw, h: ph, px: page } = o.subject ?? { ...PAGE, px: drawPage(o.qrText ?? 'OPENKIOSK-MATERIAL-TEST') };
  // Paper is slightly warm and exposed below the clip point (as a camera's auto-exposure keeps it,
  // and Chromium's fake camera stretches it further from video range); the printing slightly grey.
  const rgbPage = new Uint8Array(pw * ph * 3);
  for (let i = 0; i < page.length; i++) {
    const v = page[i]!;
    rgbPage[3 * i] = v ? 210 : 30;
    rgbPage[3 * i + 1] = v ? 206 : 30;
    rgbPage[3 * i + 2] = v ? 196 : 34;
  }
  // A dark wooden desk with some grain.
  const desk = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const g = 12 * Math.sin(x / 37 + Math.sin(y / 211) * 3) + 6 * Math.sin(y / 13);
      const i = 3 * (y * width + x);
      desk[i] = 96 + g;
      desk[i + 1] = 64 + g * 0.7;
      desk[i + 2] = 40 + g * 0.5;
    }
  }
  const src = cv.matFromArray(ph, pw, cv.CV_8UC3, rgbPage);
  const dst = cv.matFromArray(height, width, cv.CV_8UC3, desk);
  const corners = o.corners ?? (o.subject ? cardCorners(width, height) : pageCorners(width, height));
  const from = cv.matFromArray(4, 1, cv.CV_32FC2, [0, 0, pw, 0, pw, ph, 0, ph]);
  const to = cv.matFromArray(4, 1, cv.CV_32FC2, corners.flatMap((p) => [p.x * width, p.y * height]));
  const m = cv.getPerspectiveTransform(from, to);
  try {
    cv.warpPerspective(src, dst, m, new cv.Size(width, height), cv.INTER_LINEAR, cv.BORDER_TRANSPARENT);
    if (o.blurSigma) cv.GaussianBlur(dst, dst, new cv.Size(0, 0), o.blurSigma);
    const out = Buffer.from(dst.data);
    // Light falls off towards the bottom of the frame, as under a camera arm's lamp.
    for (let y = 0; y < height; y++) {
      const f = 1 - 0.1 * (y / height);
      for (let i = y * width * 3; i < (y + 1) * width * 3; i++) out[i] = out[i]! * f;
    }
    if (o.glare) {
      const c = corners;
      const cx = ((c[0].x + c[2].x) / 2) * width;
      const cy = ((c[0].y + c[2].y) / 2) * height;
      const rx = 0.12 * width;
      const ry = 0.08 * height;
      for (let y = Math.floor(cy - ry); y < cy + ry; y++) {
        for (let x = Math.floor(cx - rx); x < cx + rx; x++) {
          const d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
          if (d > 1) continue;
          const i = 3 * (y * width + x);
          const a = d < 0.6 ? 1 : (1 - d) / 0.4;
          for (let k = 0; k < 3; k++) out[i + k] = out[i + k]! * (1 - a) + 255 * a;
        }
      }
    }
    return out;
  } finally {
    for (const x of [src, dst, from, to, m]) x.delete();
  }
}

/** The frame as the renderer sends it: a JPEG. */
export async function deskJpeg(cv: Cv & { BORDER_TRANSPARENT: number }, o: SceneOptions): Promise<Buffer> {
  const rgb = await deskFrame(cv, o);
  return sharp(rgb, { raw: { width: o.width, height: o.height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}
