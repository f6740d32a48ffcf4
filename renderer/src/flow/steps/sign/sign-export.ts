import { MAX_SIGNATURE_BYTES } from '../../../../../contracts/identity.js';

/** A stroke as signature_pad records it: points in CSS pixels of the signing box. */
export type Stroke = readonly { x: number; y: number }[];

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Smallest signature accepted, in CSS pixels: a dot, a tick or a scribble in a corner is no signature. */
export const MIN_SIGNATURE = { width: 80, height: 30, pathLength: 400 } as const;
/** The exported PNG's longest edge at most (the host accepts up to 2000 px). */
export const EXPORT_MAX_EDGE = 1200;
/** Room kept around the ink when the export is trimmed, CSS px (the pen's width and a margin). */
const TRIM_PAD = 12;

export function inkBounds(strokes: readonly Stroke[]): Box | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const s of strokes) {
    for (const p of s) {
      x0 = Math.min(x0, p.x);
      y0 = Math.min(y0, p.y);
      x1 = Math.max(x1, p.x);
      y1 = Math.max(y1, p.y);
    }
  }
  return x0 === Infinity ? null : { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

function pathLength(strokes: readonly Stroke[]): number {
  let len = 0;
  for (const s of strokes) for (let i = 1; i < s.length; i++) len += Math.hypot(s[i]!.x - s[i - 1]!.x, s[i]!.y - s[i - 1]!.y);
  return len;
}

/**
 * Whether what is in the box can be a signature: `empty` (nothing drawn), `too-small` (a tap, a
 * tick, a scribble in a corner: smaller than {@link MIN_SIGNATURE}, or a single short stroke), or `ok`.
 * A Chinese name takes many strokes; a Latin one may be one long stroke.
 */
export function judgeSignature(strokes: readonly Stroke[]): 'empty' | 'too-small' | 'ok' {
  const drawn = strokes.filter((s) => s.length > 0);
  const b = inkBounds(drawn);
  if (!b) return 'empty';
  if (b.w < MIN_SIGNATURE.width || b.h < MIN_SIGNATURE.height) return 'too-small';
  if (drawn.length < 2 && pathLength(drawn) < MIN_SIGNATURE.pathLength) return 'too-small';
  return 'ok';
}

/** The region of the canvas to export, in CSS px: the ink plus a margin, inside the box. */
export function trimRegion(ink: Box, box: { w: number; h: number }): Box {
  const x = Math.max(0, Math.floor(ink.x - TRIM_PAD));
  const y = Math.max(0, Math.floor(ink.y - TRIM_PAD));
  const x1 = Math.min(box.w, Math.ceil(ink.x + ink.w + TRIM_PAD));
  const y1 = Math.min(box.h, Math.ceil(ink.y + ink.h + TRIM_PAD));
  return { x, y, w: Math.max(1, x1 - x), h: Math.max(1, y1 - y) };
}

/** Bytes a base64 string decodes to. */
export function base64Bytes(b64: string): number {
  return Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
}

/**
 * The signature as a PNG (base64, no data-URL prefix): the ink trimmed out of the canvas, scaled
 * to at most {@link EXPORT_MAX_EDGE} px, and smaller again until it fits `MAX_SIGNATURE_BYTES`.
 * `canvas` is the signing canvas at `ratio` device pixels per CSS pixel.
 */
export function exportSignaturePng(canvas: HTMLCanvasElement, ratio: number, strokes: readonly Stroke[], box: { w: number; h: number }): string {
  const ink = inkBounds(strokes);
  if (!ink) throw new Error('nothing to export');
  const r = trimRegion(ink, box);
  const src = { x: r.x * ratio, y: r.y * ratio, w: r.w * ratio, h: r.h * ratio };
  let scale = Math.min(1, EXPORT_MAX_EDGE / Math.max(src.w, src.h));
  const out = document.createElement('canvas');
  try {
    for (let i = 0; i < 8; i++) {
      out.width = Math.max(16, Math.round(src.w * scale));
      out.height = Math.max(16, Math.round(src.h * scale));
      const ctx = out.getContext('2d');
      if (!ctx) throw new Error('no 2D canvas');
      ctx.clearRect(0, 0, out.width, out.height);
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(canvas, src.x, src.y, src.w, src.h, 0, 0, out.width, out.height);
      const b64 = out.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
      if (base64Bytes(b64) <= MAX_SIGNATURE_BYTES) return b64;
      scale *= 0.7;
    }
    throw new Error('the signature does not fit the size limit');
  } finally {
    // The copy holds the signature too.
    out.width = 0;
    out.height = 0;
  }
}
