import type { RgbImage } from './synth-face.js';

/**
 * YUV4MPEG2 (.y4m), the raw video format Chromium's fake camera plays in a loop
 * (`--use-file-for-fake-video-capture`): a text header, then `FRAME\n` and I420 planes per frame.
 */
export function y4mHeader(width: number, height: number, fps: number): Buffer {
  return Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`, 'ascii');
}

/** One frame: BT.601 full-range RGB → Y'CbCr, chroma averaged over 2×2 blocks. */
export function y4mFrame(img: RgbImage): Buffer {
  const { width: w, height: h, rgb } = img;
  const cw = w >> 1;
  const ch = h >> 1;
  const out = Buffer.alloc(6 + w * h + 2 * cw * ch);
  out.write('FRAME\n', 0, 'ascii');
  const Y = 6;
  const U = Y + w * h;
  const V = U + cw * ch;
  for (let i = 0; i < w * h; i++) {
    const r = rgb[i * 3]!;
    const g = rgb[i * 3 + 1]!;
    const b = rgb[i * 3 + 2]!;
    out[Y + i] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
  }
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < 2; dy++)
        for (let dx = 0; dx < 2; dx++) {
          const k = ((y * 2 + dy) * w + x * 2 + dx) * 3;
          r += rgb[k]!;
          g += rgb[k + 1]!;
          b += rgb[k + 2]!;
        }
      r /= 4;
      g /= 4;
      b /= 4;
      out[U + y * cw + x] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      out[V + y * cw + x] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  }
  return out;
}

function clamp(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}
