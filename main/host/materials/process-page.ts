import sharp, { type Sharp } from 'sharp';
import type { Cv, CvMat } from './opencv.js';
import {
  cleanBlackOnWhite,
  DETECT_LONG_SIDE,
  findPage,
  measureQuality,
  MIN_AREA_SHARE,
  outputSize,
  type PaperKind,
  type Quad,
  type Quality,
  type QualityLimits,
  rectify,
  scaleQuad,
  withMats,
} from './page-processing.js';

/** The largest frame taken: 16 MP, twice what document cameras in halls deliver (8 MP, 3264 × 2448). */
export const MAX_FRAME_PIXELS = 16_000_000;
/** A processed page must fit this (300 dpi A4-equivalent). */
export const MAX_PAGE_BYTES = 600 * 1024;

export type PageMode = 'clean' | 'colour';
export type RetakeReason = 'no-page' | 'blurred' | 'glare';

export interface ProcessOptions {
  mode: PageMode;
  paper: PaperKind;
  limits: QualityLimits;
}

export type ProcessedPage =
  | {
      ok: true;
      format: 'png' | 'jpeg';
      bytes: Buffer;
      width: number;
      height: number;
      /** Page corners in the frame, as shares of its width and height (for the page list's outline). */
      corners: Quad;
      quality: Quality;
      /** A small JPEG of the processed page for the page list on screen. */
      thumbnail: Buffer;
    }
  | { ok: false; reason: RetakeReason; quality?: Quality };

/** Decode a camera frame (JPEG or PNG) to RGB, refusing anything too large before its pixels are decoded. */
async function decodeRgb(image: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(image, { limitInputPixels: MAX_FRAME_PIXELS, failOn: 'error' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Grayscale frame copy whose long side is at most {@link DETECT_LONG_SIDE}; returns it with its scale. */
function smallGray(cv: Cv, gray: CvMat): { mat: CvMat; scale: number } {
  const scale = Math.min(1, DETECT_LONG_SIDE / Math.max(gray.cols, gray.rows));
  const mat = new cv.Mat();
  cv.resize(gray, mat, new cv.Size(Math.round(gray.cols * scale), Math.round(gray.rows * scale)), 0, 0, cv.INTER_AREA);
  return { mat, scale };
}

/** The live outline: page corners in a (small) preview frame as shares of its size, or null. */
export async function detectOutline(cv: Cv, image: Buffer, paper: PaperKind = 'A4'): Promise<Quad | null> {
  const { data, width, height } = await decodeRgb(image);
  try {
    const rgb = cv.matFromArray(height, width, cv.CV_8UC3, data);
    try {
      return withMats(cv, 1, (gray) => {
        cv.cvtColor(rgb, gray, cv.COLOR_RGB2GRAY);
        const small = smallGray(cv, gray);
        try {
          const q = findPage(cv, small.mat, MIN_AREA_SHARE[paper]);
          return q ? (q.map((p) => ({ x: p.x / small.mat.cols, y: p.y / small.mat.rows })) as Quad) : null;
        } finally {
          small.mat.delete();
        }
      });
    } finally {
      rgb.delete();
    }
  } finally {
    data.fill(0);
  }
}

/**
 * One captured frame → one finished page: find the page, rectify it to 300 dpi, check it for blur
 * and glare, clean it (or keep its colour) and compress it under {@link MAX_PAGE_BYTES}. Every
 * buffer that held the citizen's pixels is zeroed before it is let go.
 */
export async function processFrame(cv: Cv, image: Buffer, options: ProcessOptions): Promise<ProcessedPage> {
  const { data, width, height } = await decodeRgb(image);
  const rgb = cv.matFromArray(height, width, cv.CV_8UC3, data);
  data.fill(0);
  const held: CvMat[] = [rgb];
  const track = (m: CvMat) => (held.push(m), m);
  // The encoder gets its own copy: wasm memory may move when OpenCV grows it.
  const copies: Buffer[] = [];
  const copyOut = (m: CvMat) => {
    const b = Buffer.from(m.data);
    copies.push(b);
    return b;
  };
  try {
    const gray = track(new cv.Mat());
    cv.cvtColor(rgb, gray, cv.COLOR_RGB2GRAY);
    const small = smallGray(cv, gray);
    track(small.mat);
    const found = findPage(cv, small.mat, MIN_AREA_SHARE[options.paper]);
    if (!found) return { ok: false, reason: 'no-page' };
    const quad = scaleQuad(found, 1 / small.scale);
    const size = outputSize(quad, options.paper);
    const pageGray = track(new cv.Mat());
    rectify(cv, gray, quad, size, pageGray);
    const quality = measureQuality(cv, pageGray);
    if (quality.glare > options.limits.maxGlare) return { ok: false, reason: 'glare', quality };
    if (quality.sharpness < options.limits.minSharpness) return { ok: false, reason: 'blurred', quality };
    const corners = quad.map((p) => ({ x: p.x / width, y: p.y / height })) as Quad;
    let out: { format: 'png' | 'jpeg'; bytes: Buffer; raw: Sharp };
    if (options.mode === 'clean') {
      const bw = track(new cv.Mat());
      cleanBlackOnWhite(cv, pageGray, bw);
      const raw = sharp(copyOut(bw), { raw: { width: size.w, height: size.h, channels: 1 } });
      // Two-tone 8-bit PNG: long runs of one value deflate to a few hundred KB; pdfkit embeds it without re-encoding.
      const bytes = await raw.clone().png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer();
      out = { format: 'png', bytes, raw };
    } else {
      const page = track(new cv.Mat());
      rectify(cv, rgb, quad, size, page);
      const raw = sharp(copyOut(page), { raw: { width: size.w, height: size.h, channels: 3 } });
      out = { format: 'jpeg', bytes: await jpegUnder(raw, MAX_PAGE_BYTES), raw };
    }
    if (out.bytes.length > MAX_PAGE_BYTES) {
      // A clean page this large is mostly noise (a photo, a patterned desk): JPEG bounds it.
      out = { format: 'jpeg', bytes: await jpegUnder(out.raw, MAX_PAGE_BYTES), raw: out.raw };
    }
    const thumbnail = await out.raw.clone().resize({ width: 240, height: 240, fit: 'inside' }).jpeg({ quality: 70 }).toBuffer();
    return { ok: true, format: out.format, bytes: out.bytes, width: size.w, height: size.h, corners, quality, thumbnail };
  } finally {
    for (const b of copies) b.fill(0);
    for (const m of held) {
      m.data.fill(0);
      m.delete();
    }
  }
}

/** The best JPEG quality (85 down to 35) whose file fits `limit`; the last try whatever its size. */
async function jpegUnder(raw: Sharp, limit: number): Promise<Buffer> {
  let last = Buffer.alloc(0);
  for (const quality of [85, 75, 65, 55, 45, 35]) {
    last = await raw.clone().jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer();
    if (last.length <= limit) return last;
  }
  return last;
}
