/**
 * Five-point face alignment: the eyes, the nose tip and the mouth corners found by the mesh are
 * mapped by the best similarity transform (rotation, uniform scale, shift) onto where a description
 * model was trained to see them, and the face is resampled into that model's square crop. A model
 * fed faces that sit where it expects them describes the person, not the framing.
 */

export type Point = readonly [number, number];

/** Mesh (468-point) indices: the image-left eye's corners, the image-right eye's, the nose tip, the mouth corners. */
const EYE_LEFT = [33, 133] as const;
const EYE_RIGHT = [263, 362] as const;
const NOSE_TIP = 1;
const MOUTH_LEFT = 61;
const MOUTH_RIGHT = 291;

/** Eye centres, nose tip, mouth corners (image-left first) from a 468-point mesh; null without one. */
export function fivePoints(mesh: readonly (readonly number[])[]): Point[] | null {
  if (mesh.length < 468) return null;
  const p = (i: number): Point => [mesh[i]![0]!, mesh[i]![1]!];
  const mid = (a: number, b: number): Point => [(mesh[a]![0]! + mesh[b]![0]!) / 2, (mesh[a]![1]! + mesh[b]![1]!) / 2];
  return [mid(...EYE_LEFT), mid(...EYE_RIGHT), p(NOSE_TIP), p(MOUTH_LEFT), p(MOUTH_RIGHT)];
}

/**
 * dlib's mean face (its `get_face_chip_details`, points 17–67, in units of the face template),
 * averaged to the same five points: eye centres from the six points of each eye, nose tip (30),
 * mouth corners (48, 54). dlib's recognition model was trained on chips cut from this template at
 * 150 px with 25 % padding.
 */
export const DLIB_FIVE: readonly Point[] = [
  [0.225492, 0.21599],
  [0.754761, 0.21599],
  [0.490127, 0.515625],
  [0.254149, 0.780233],
  [0.726104, 0.780233],
];

/** The template's points in a `size` px square crop with `padding` (share of the template) on each side. */
export function chipPoints(template: readonly Point[], size: number, padding: number): Point[] {
  return template.map(([x, y]) => [((padding + x) / (1 + 2 * padding)) * size, ((padding + y) / (1 + 2 * padding)) * size]);
}

/** `to ≈ [a −b; b a]·from + [tx ty]`, least squares. */
export interface Similarity2D {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

export function fitSimilarity(from: readonly Point[], to: readonly Point[]): Similarity2D {
  const n = Math.min(from.length, to.length);
  let fx = 0, fy = 0, gx = 0, gy = 0;
  for (let i = 0; i < n; i++) {
    fx += from[i]![0]; fy += from[i]![1]; gx += to[i]![0]; gy += to[i]![1];
  }
  fx /= n; fy /= n; gx /= n; gy /= n;
  let dot = 0, cross = 0, norm = 0;
  for (let i = 0; i < n; i++) {
    const sx = from[i]![0] - fx, sy = from[i]![1] - fy;
    const dx = to[i]![0] - gx, dy = to[i]![1] - gy;
    dot += sx * dx + sy * dy;
    cross += sx * dy - sy * dx;
    norm += sx * sx + sy * sy;
  }
  const a = norm > 0 ? dot / norm : 1;
  const b = norm > 0 ? cross / norm : 0;
  return { a, b, tx: gx - (a * fx - b * fy), ty: gy - (b * fx + a * fy) };
}

/**
 * The `size` × `size` RGB crop (0–255 floats, row-major) whose pixels sit at `chip` positions of
 * the face's five `points` in the picture; bilinear, black outside the picture (as dlib's chips).
 */
export function alignedChip(rgb: Uint8Array, width: number, height: number, points: readonly Point[], chip: readonly Point[], size: number): Float32Array {
  // Fit chip → picture directly, so each chip pixel finds its source without inverting.
  const t = fitSimilarity(chip, points);
  const out = new Float32Array(size * size * 3);
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      const x = t.a * u - t.b * v + t.tx;
      const y = t.b * u + t.a * v + t.ty;
      const x0 = Math.floor(x), y0 = Math.floor(y);
      const fx = x - x0, fy = y - y0;
      const o = (v * size + u) * 3;
      for (let c = 0; c < 3; c++) {
        const px = (xx: number, yy: number) => (xx < 0 || yy < 0 || xx >= width || yy >= height ? 0 : rgb[(yy * width + xx) * 3 + c]!);
        const top = px(x0, y0) * (1 - fx) + px(x0 + 1, y0) * fx;
        const bottom = px(x0, y0 + 1) * (1 - fx) + px(x0 + 1, y0 + 1) * fx;
        out[o + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}
