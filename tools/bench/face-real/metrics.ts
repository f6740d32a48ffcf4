/**
 * Verification figures from genuine and impostor scores. A pair is accepted when its score is at
 * or above the threshold.
 */

export interface Rates {
  far: number;
  frr: number;
}

export function ratesAt(genuine: readonly number[], impostor: readonly number[], t: number): Rates {
  return { far: impostor.filter((s) => s >= t).length / Math.max(1, impostor.length), frr: genuine.filter((s) => s < t).length / Math.max(1, genuine.length) };
}

/**
 * The lowest threshold (on a 0.001 grid, as scores are rounded) whose FAR is at most `maxFar`:
 * the fewest honest people turned away for that false-accept rate.
 */
export function thresholdForFar(impostor: readonly number[], maxFar: number): number {
  const sorted = [...impostor].sort((a, b) => b - a);
  const allowed = Math.floor(maxFar * sorted.length + 1e-9);
  if (allowed >= sorted.length) return 0;
  return Math.round((sorted[allowed]! + 0.001) * 1000) / 1000;
}

/** Equal error rate: where FAR and FRR cross (their mean at the closest threshold). */
export function equalErrorRate(genuine: readonly number[], impostor: readonly number[]): { eer: number; threshold: number } {
  const candidates = [...new Set([...genuine, ...impostor])].sort((a, b) => a - b);
  let best = { gap: Infinity, eer: 1, threshold: 0 };
  for (const t of candidates) {
    const r = ratesAt(genuine, impostor, t);
    const gap = Math.abs(r.far - r.frr);
    if (gap < best.gap) best = { gap, eer: (r.far + r.frr) / 2, threshold: t };
  }
  return { eer: best.eer, threshold: best.threshold };
}

export function quantiles(xs: readonly number[]): { min: number; p05: number; median: number; p95: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))))] ?? NaN;
  return { min: q(0), p05: q(0.05), median: q(0.5), p95: q(0.95), max: q(1) };
}

/** A seeded shuffle (mulberry32) so a cross-validated figure can be reproduced. */
export function seededShuffle<T>(xs: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
