import { MAX_CAPTURE_PART_BYTES } from '../../../../../contracts/materials.js';

/** A point as shares of the frame. */
export interface Pt {
  x: number;
  y: number;
}

/**
 * The page is steady when the last `n` outlines all lie within `tolerance` (share of the frame) of
 * each other, corner by corner: the citizen has put it down and taken their hands away.
 */
export function isSteady(history: readonly (readonly Pt[] | null)[], n = 4, tolerance = 0.015): boolean {
  if (history.length < n) return false;
  const last = history.slice(-n);
  if (last.some((q) => !q)) return false;
  const ref = last[0]!;
  return last.every((q) => q!.every((p, i) => Math.abs(p.x - ref[i]!.x) <= tolerance && Math.abs(p.y - ref[i]!.y) <= tolerance));
}

/** How far (largest corner move, share of the frame) one outline is from another. */
export function outlineDistance(a: readonly Pt[], b: readonly Pt[]): number {
  return Math.max(...a.map((p, i) => Math.max(Math.abs(p.x - b[i]!.x), Math.abs(p.y - b[i]!.y))));
}

/** Base64 parts of at most {@link MAX_CAPTURE_PART_BYTES} bytes each, in order. */
export function base64Parts(bytes: Uint8Array, partBytes = MAX_CAPTURE_PART_BYTES): string[] {
  const parts: string[] = [];
  for (let off = 0; off < bytes.length; off += partBytes) {
    const chunk = bytes.subarray(off, off + partBytes);
    let bin = '';
    for (let i = 0; i < chunk.length; i += 0x8000) bin += String.fromCharCode(...chunk.subarray(i, i + 0x8000));
    parts.push(btoa(bin));
  }
  return parts;
}

/**
 * The full-resolution frame of the playing video as a JPEG (the host rectifies and compresses it).
 * The canvas is cleared afterwards: a citizen's document does not linger in the page's memory.
 */
export async function grabFullFrame(video: HTMLVideoElement, canvas: HTMLCanvasElement): Promise<Uint8Array | null> {
  const w = video.videoWidth;
  const h = video.videoHeight;
  if (!w || !h || video.readyState < 2) return null;
  canvas.width = w;
  canvas.height = h;
  const g = canvas.getContext('2d');
  if (!g) return null;
  try {
    g.drawImage(video, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
    return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
  } finally {
    g.clearRect(0, 0, w, h);
    canvas.width = 0;
    canvas.height = 0;
  }
}
