/**
 * Liveness by parallax: a real head that turns moves its nose tip against its cheek outline in a
 * way no flat picture can. A photo (printed or on a phone) that is tilted or turned moves every
 * landmark by one homography; a head does not. So fit the best homography from the frontal
 * landmarks to the turned ones and measure what it cannot explain, relative to the face's size.
 */

type Pt = readonly [number, number];

/** RMS distance left after the best homography from `a` to `b`, divided by the width of `a`'s points. */
export function planarResidual(a: readonly Pt[], b: readonly Pt[]): number {
  const n = Math.min(a.length, b.length);
  if (n < 6) return 0;
  // Normalise both point sets (centre, unit mean distance) so the linear system is well conditioned.
  const na = normalise(a.slice(0, n));
  const nb = normalise(b.slice(0, n));
  // Direct linear transform with h33 = 1: two equations a point, 8 unknowns, least squares.
  const rows: number[][] = [];
  const rhs: number[] = [];
  for (let i = 0; i < n; i++) {
    const [x, y] = na.pts[i]!;
    const [u, v] = nb.pts[i]!;
    rows.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    rhs.push(u);
    rows.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    rhs.push(v);
  }
  const h = leastSquares(rows, rhs);
  if (!h) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const [x, y] = na.pts[i]!;
    const w = h[6]! * x + h[7]! * y + 1;
    const u = (h[0]! * x + h[1]! * y + h[2]!) / w;
    const v = (h[3]! * x + h[4]! * y + h[5]!) / w;
    const [bu, bv] = nb.pts[i]!;
    sum += (u - bu) ** 2 + (v - bv) ** 2;
  }
  // Back in the turned face's units, then relative to its width.
  const rms = Math.sqrt(sum / n) / nb.scale;
  const xs = b.slice(0, n).map((p) => p[0]);
  const width = Math.max(...xs) - Math.min(...xs);
  return width > 0 ? rms / width : 0;
}

function normalise(pts: readonly Pt[]): { pts: [number, number][]; scale: number } {
  const cx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const cy = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  const d = pts.reduce((s, p) => s + Math.hypot(p[0] - cx, p[1] - cy), 0) / pts.length || 1;
  const scale = Math.SQRT2 / d;
  return { pts: pts.map((p) => [(p[0] - cx) * scale, (p[1] - cy) * scale]), scale };
}

/** Solve the normal equations (AᵀA)x = Aᵀb by Gaussian elimination with partial pivoting. */
function leastSquares(a: number[][], b: number[]): number[] | null {
  const m = a[0]!.length;
  const ata = Array.from({ length: m }, () => new Array<number>(m + 1).fill(0));
  for (let r = 0; r < a.length; r++) {
    const row = a[r]!;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) ata[i]![j]! += row[i]! * row[j]!;
      ata[i]![m]! += row[i]! * b[r]!;
    }
  }
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(ata[r]![c]!) > Math.abs(ata[piv]![c]!)) piv = r;
    if (Math.abs(ata[piv]![c]!) < 1e-12) return null;
    [ata[c], ata[piv]] = [ata[piv]!, ata[c]!];
    for (let r = 0; r < m; r++) {
      if (r === c) continue;
      const f = ata[r]![c]! / ata[c]![c]!;
      for (let k = c; k <= m; k++) ata[r]![k]! -= f * ata[c]![k]!;
    }
  }
  return ata.map((row, i) => row[m]! / row[i]!);
}
