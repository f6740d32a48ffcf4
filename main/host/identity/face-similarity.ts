/**
 * How alike two face descriptors are, 0–1 (three decimals). Cosine similarity: it ignores a
 * descriptor's length, which changes with light and sharpness more than with who it is.
 */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < n; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  if (na === 0 || nb === 0) return 0;
  return Math.round(Math.max(0, dot / Math.sqrt(na * nb)) * 1000) / 1000;
}

/** 1 − Euclidean distance, floored at 0 (dlib's own measure: distance below 0.6 is one person). */
export function euclideanSimilarity(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.round(Math.max(0, 1 - Math.sqrt(sum)) * 1000) / 1000;
}

/**
 * @vladmandic/human's own measure for FaceRes (order 2, multiplier 25), to two decimals, without
 * its default clamp to 0.2–0.8 (which sends every close pair to 1.00).
 */
export function librarySimilarity(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) sum += (a[i]! - b[i]!) ** 2;
  const dist = Math.round(100 * 25 * sum) / 100;
  return Math.round(100 * Math.max(0, Math.min(1, 1 - Math.sqrt(dist) / 100))) / 100;
}
