import type { CreateFaceMatcher, FaceImage } from '../face-matcher.js';

/**
 * A stand-in for a vendor's 人证核验 engine, loaded through `identity.face.engine` like a real one:
 * it describes a face by an 8 × 8 grey thumbnail of its box (brightness-normalised) and compares two
 * by correlation. Far too crude to tell people apart; it exists to prove the slot: the kiosk loads
 * it, hands it the ID photo and the frames a try can use, and decides with its scores and threshold.
 * Every call is recorded on `globalThis.thumbnailFaceMatcherCalls` for the test to read.
 */
export interface ThumbnailCalls {
  described: { width: number; height: number; box: [number, number, number, number] }[];
  scores: number[];
}
const calls: ThumbnailCalls = ((globalThis as { thumbnailFaceMatcherCalls?: ThumbnailCalls }).thumbnailFaceMatcherCalls ??= { described: [], scores: [] });

function thumbnail(img: FaceImage): number[] {
  const [bx, by, bw, bh] = img.box;
  const out: number[] = [];
  for (let gy = 0; gy < 8; gy++) {
    for (let gx = 0; gx < 8; gx++) {
      let sum = 0, n = 0;
      for (let y = Math.floor(by + (gy * bh) / 8); y < by + ((gy + 1) * bh) / 8; y++) {
        for (let x = Math.floor(bx + (gx * bw) / 8); x < bx + ((gx + 1) * bw) / 8; x++) {
          if (x < 0 || y < 0 || x >= img.width || y >= img.height) continue;
          const o = (y * img.width + x) * 3;
          sum += img.rgb[o]! * 0.3 + img.rgb[o + 1]! * 0.59 + img.rgb[o + 2]! * 0.11;
          n++;
        }
      }
      out.push(n ? sum / n : 0);
    }
  }
  const mean = out.reduce((s, v) => s + v, 0) / out.length;
  const sd = Math.sqrt(out.reduce((s, v) => s + (v - mean) ** 2, 0) / out.length) || 1;
  return out.map((v) => (v - mean) / sd);
}

export const createFaceMatcher: CreateFaceMatcher = () => ({
  name: 'test:thumbnail 1.0',
  threshold: 0.8,
  continuity: 0.5,
  measuredGood: true,
  needsImage: true,
  async describe({ image }) {
    if (!image) return null;
    calls.described.push({ width: image.width, height: image.height, box: image.box });
    return thumbnail(image);
  },
  async compare(a, b) {
    let dot = 0;
    for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
    const score = Math.round(Math.max(0, Math.min(1, (dot / a.length + 1) / 2)) * 1000) / 1000;
    calls.scores.push(score);
    return score;
  },
});
