import type { Cv, CvMat } from './opencv.js';

/** A point in a frame's pixels. */
export interface Point {
  x: number;
  y: number;
}
/** A page's corners as seen in a frame: top-left, top-right, bottom-right, bottom-left. */
export type Quad = [Point, Point, Point, Point];

/** 300 dpi: A4 is 2480 × 3508 px; an ID card (ISO/IEC 7810 ID-1, 85.6 × 54 mm) 1011 × 638 px. */
export const PAPER_PX = { A4: { w: 2480, h: 3508 }, card: { w: 1011, h: 638 } } as const;
export type PaperKind = keyof typeof PAPER_PX;
/**
 * The least share of the frame a page's outline must cover to count: a sheet fills most of a
 * document camera's A4 field; an ID card lies in it at about 7 %, so it may cover as little as 3 %.
 */
export const MIN_AREA_SHARE: Record<PaperKind, number> = { A4: 0.12, card: 0.03 };

/** Long side of the frame the page outline is searched in: enough for a page, cheap in wasm. */
export const DETECT_LONG_SIDE = 640;

export interface QualityLimits {
  /** Below this sharpness (variance of the Laplacian of the best-textured tiles at 150 dpi) a page is called blurred. */
  minSharpness: number;
  /** Above this share of the page's area blown out to white by a reflection, a page is refused for glare. */
  maxGlare: number;
}
export const DEFAULT_QUALITY: QualityLimits = { minSharpness: 60, maxGlare: 0.01 };

/** Run `f` with OpenCV matrices that are freed afterwards whatever happens (wasm memory is not garbage collected). */
export function withMats<T>(cv: Cv, n: number, f: (...m: CvMat[]) => T): T {
  const mats = Array.from({ length: n }, () => new cv.Mat());
  try {
    return f(...mats);
  } finally {
    for (const m of mats) m.delete();
  }
}

/**
 * The page's outline in a small grayscale frame, or null when no four-cornered shape covers enough
 * of it. A sheet of paper is brighter than the desk under it, so Otsu's threshold separates them;
 * where it does not (a light desk), Canny's edges are tried. Either way the outline is the largest
 * external contour that simplifies to a convex quadrilateral.
 */
export function findPage(cv: Cv, gray: CvMat, minAreaShare = 0.12): Quad | null {
  const minArea = gray.rows * gray.cols * minAreaShare;
  return withMats(cv, 2, (blurred, mask) => {
    cv.GaussianBlur(gray, blurred, new cv.Size(5, 5), 0);
    cv.threshold(blurred, mask, 0, 255, cv.THRESH_BINARY + cv.THRESH_OTSU);
    const byThreshold = largestQuad(cv, mask, minArea);
    if (byThreshold) return byThreshold;
    cv.Canny(blurred, mask, 40, 120);
    const kernel = cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(3, 3));
    try {
      cv.dilate(mask, mask, kernel);
    } finally {
      kernel.delete();
    }
    return largestQuad(cv, mask, minArea);
  });
}

function largestQuad(cv: Cv, mask: CvMat, minArea: number): Quad | null {
  const contours = new cv.MatVector();
  try {
    withMats(cv, 1, (hierarchy) => cv.findContours(mask, contours, hierarchy, cv.RETR_EXTERNAL, cv.CHAIN_APPROX_SIMPLE));
    const byArea: { i: number; area: number }[] = [];
    for (let i = 0; i < contours.size(); i++) {
      const area = cv.contourArea(contours.get(i));
      if (area >= minArea) byArea.push({ i, area });
    }
    byArea.sort((a, b) => b.area - a.area);
    for (const { i } of byArea.slice(0, 3)) {
      const c = contours.get(i);
      const quad = withMats(cv, 2, (hull, approx) => {
        // The hull first: a finger or a curled corner notching the outline must not hide the page.
        cv.convexHull(c, hull, false, true);
        const perimeter = cv.arcLength(hull, true);
        for (const eps of [0.02, 0.03, 0.045, 0.06]) {
          cv.approxPolyDP(hull, approx, eps * perimeter, true);
          if (approx.rows === 4 && cv.isContourConvex(approx)) {
            const d = approx.data32S;
            return orderCorners([0, 1, 2, 3].map((k) => ({ x: d[2 * k]!, y: d[2 * k + 1]! })));
          }
        }
        return null;
      });
      if (quad && quadArea(quad) >= minArea) return quad;
    }
    return null;
  } finally {
    contours.delete();
  }
}

/** Top-left has the smallest x + y, bottom-right the largest; top-right the smallest y − x. */
export function orderCorners(p: Point[]): Quad {
  const bySum = [...p].sort((a, b) => a.x + a.y - (b.x + b.y));
  const byDiff = [...p].sort((a, b) => a.y - a.x - (b.y - b.x));
  return [bySum[0]!, byDiff[0]!, bySum[3]!, byDiff[3]!];
}

export function quadArea(q: Quad): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    const a = q[i]!;
    const b = q[(i + 1) % 4]!;
    s += a.x * b.y - b.x * a.y;
  }
  return Math.abs(s) / 2;
}

export function scaleQuad(q: Quad, f: number): Quad {
  return q.map((p) => ({ x: p.x * f, y: p.y * f })) as Quad;
}

/**
 * The rectified page's size in pixels at 300 dpi. The sides seen in the frame give the aspect; one
 * close to the paper's own (within 12 %: perspective leaves that much) is snapped to it, so an A4
 * sheet comes out exactly A4. Orientation follows the page as it lies: a page laid sideways comes
 * out landscape (the camera cannot tell which edge a citizen meant as the top of a page it cannot read).
 */
export function outputSize(q: Quad, paper: PaperKind): { w: number; h: number } {
  const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
  const w = (dist(q[0], q[1]) + dist(q[3], q[2])) / 2;
  const h = (dist(q[0], q[3]) + dist(q[1], q[2])) / 2;
  const box = PAPER_PX[paper];
  const long = Math.max(box.w, box.h);
  const short = Math.min(box.w, box.h);
  const landscape = w > h;
  const paperAspect = short / long;
  const seen = Math.min(w, h) / Math.max(w, h);
  if (Math.abs(seen - paperAspect) / paperAspect <= 0.12) return landscape ? { w: long, h: short } : { w: short, h: long };
  // Not that paper (a 户口簿 page, a certificate): its own aspect, fitted into the paper's box.
  const [bw, bh] = landscape ? [long, short] : [short, long];
  const s = Math.min(bw / w, bh / h);
  return { w: Math.round(w * s), h: Math.round(h * s) };
}

/** Perspective-correct `src` (any channel count) so that the quad fills a `size` image. */
export function rectify(cv: Cv, src: CvMat, q: Quad, size: { w: number; h: number }, dst: CvMat): void {
  const from = cv.matFromArray(4, 1, cv.CV_32FC2, q.flatMap((p) => [p.x, p.y]));
  const to = cv.matFromArray(4, 1, cv.CV_32FC2, [0, 0, size.w, 0, size.w, size.h, 0, size.h]);
  const m = cv.getPerspectiveTransform(from, to);
  try {
    cv.warpPerspective(src, dst, m, new cv.Size(size.w, size.h), cv.INTER_LINEAR, cv.BORDER_REPLICATE);
  } finally {
    from.delete();
    to.delete();
    m.delete();
  }
}

export interface Quality {
  /** Variance of the Laplacian: the third-best of a 6 × 8 grid of tiles (text is not everywhere on a page). */
  sharpness: number;
  /** Share of the page blown out by a reflection: pixels at ≥ 250 that are well above the paper's own white. */
  glare: number;
}

/**
 * Blur and glare of a rectified page, measured on a 150 dpi grayscale copy so that the numbers do
 * not depend on the camera's resolution.
 */
export function measureQuality(cv: Cv, pageGray: CvMat): Quality {
  const scale = Math.min(1, 1240 / Math.max(pageGray.cols, pageGray.rows));
  return withMats(cv, 3, (small, lap, scratch) => {
    cv.resize(pageGray, small, new cv.Size(Math.round(pageGray.cols * scale), Math.round(pageGray.rows * scale)), 0, 0, cv.INTER_AREA);
    cv.Laplacian(small, lap, cv.CV_64F);
    const tileScores = tileVariances(lap, small.cols, small.rows, 6, 8);
    tileScores.sort((a, b) => b - a);
    const sharpness = tileScores[Math.min(2, tileScores.length - 1)] ?? 0;
    void scratch;
    return { sharpness, glare: glareShare(small.data) };
  });
}

function tileVariances(lap: CvMat, cols: number, rows: number, nx: number, ny: number): number[] {
  const d = lap.data64F;
  const out: number[] = [];
  for (let ty = 0; ty < ny; ty++) {
    for (let tx = 0; tx < nx; tx++) {
      const x0 = Math.floor((tx * cols) / nx);
      const x1 = Math.floor(((tx + 1) * cols) / nx);
      const y0 = Math.floor((ty * rows) / ny);
      const y1 = Math.floor(((ty + 1) * rows) / ny);
      let sum = 0;
      let sq = 0;
      let n = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const v = d[y * cols + x]!;
          sum += v;
          sq += v * v;
          n++;
        }
      }
      out.push(n ? sq / n - (sum / n) ** 2 : 0);
    }
  }
  return out;
}

/** The paper's white is the 70th percentile of brightness; glare is what stands well above it and is clipped. */
function glareShare(gray: Uint8Array): number {
  const hist = new Uint32Array(256);
  for (const v of gray) hist[v]!++;
  let acc = 0;
  let paper = 255;
  for (let v = 0; v < 256; v++) {
    acc += hist[v]!;
    if (acc >= gray.length * 0.7) {
      paper = v;
      break;
    }
  }
  const from = Math.max(250, paper + 20);
  if (from > 255) return 0;
  let blown = 0;
  for (let v = from; v < 256; v++) blown += hist[v]!;
  return blown / gray.length;
}

/**
 * Black on white for text: a local threshold, so shadows and uneven light across the page drop out,
 * joined with a global one (below Otsu's level) so that dark areas wider than the local window —
 * a QR code's finder squares, a stamp, a bold heading — stay solid instead of turning hollow.
 */
export function cleanBlackOnWhite(cv: Cv, pageGray: CvMat, dst: CvMat): void {
  withMats(cv, 2, (smooth, global) => {
    cv.GaussianBlur(pageGray, smooth, new cv.Size(3, 3), 0);
    const otsu = cv.threshold(smooth, global, 0, 255, cv.THRESH_BINARY + cv.THRESH_OTSU);
    cv.threshold(smooth, global, otsu * 0.8, 255, cv.THRESH_BINARY);
    cv.adaptiveThreshold(smooth, dst, 255, cv.ADAPTIVE_THRESH_GAUSSIAN_C, cv.THRESH_BINARY, 41, 15);
    cv.bitwise_and(dst, global, dst);
  });
}
