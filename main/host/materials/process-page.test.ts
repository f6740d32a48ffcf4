import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { loadOpenCv, type Cv } from './opencv.js';
import { DEFAULT_QUALITY, PAPER_PX } from './page-processing.js';
import { detectOutline, MAX_PAGE_BYTES, processFrame } from './process-page.js';
import { deskJpeg, MARK, pageCorners } from './test-support/desk-scene.js';

type SceneCv = Cv & { BORDER_TRANSPARENT: number };
const W = 1600;
const H = 1200;
const opts = { paper: 'A4' as const, limits: DEFAULT_QUALITY };

/**
 * Where the first dark pixel is, walking from `from` along a row (dx) or column (dy) of a grayscale
 * page, as a share of that side: the corner marks' outer edges, which lie at MARK.inset on the printed page.
 */
function firstDark(px: Buffer, w: number, h: number, from: { x: number; y: number }, dx: number, dy: number): number {
  let { x, y } = from;
  for (let n = 0; n < Math.max(w, h); n++, x += dx, y += dy) {
    if (x < 0 || y < 0 || x >= w || y >= h) break;
    if (px[y * w + x]! < 100) return dx ? n / w : n / h;
  }
  return 1;
}

test('a page at an angle on a desk comes out rectified A4: its corner marks where they are printed (within 2 %)', async () => {
  const cv = (await loadOpenCv()) as SceneCv;
  const jpeg = await deskJpeg(cv, { width: W, height: H });
  const truth = pageCorners(W, H);
  for (const mode of ['clean', 'colour'] as const) {
    const r = await processFrame(cv, jpeg, { ...opts, mode });
    assert.ok(r.ok, `${mode}: ${JSON.stringify(r)}`);
    assert.deepEqual({ w: r.width, h: r.height }, PAPER_PX.A4);
    assert.equal(r.format, mode === 'clean' ? 'png' : 'jpeg');
    assert.ok(r.bytes.length <= MAX_PAGE_BYTES, `${mode}: ${r.bytes.length} bytes`);
    r.corners.forEach((c, i) => assert.ok(Math.abs(c.x - truth[i]!.x) < 0.01 && Math.abs(c.y - truth[i]!.y) < 0.01, `corner ${i}: ${JSON.stringify(c)} vs ${JSON.stringify(truth[i])}`));
    const { data, info } = await sharp(r.bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
    const { width: w, height: h } = info;
    const mid = MARK.inset + MARK.size / 2;
    // Along each mark's middle row and column, from the page's edges inwards.
    const edges = [
      firstDark(data, w, h, { x: 0, y: Math.round(mid * h * (w / h)) }, 1, 0),
      firstDark(data, w, h, { x: Math.round(mid * w), y: 0 }, 0, 1) * (h / w),
      firstDark(data, w, h, { x: w - 1, y: Math.round(mid * w) }, -1, 0),
      firstDark(data, w, h, { x: w - 1 - Math.round(mid * w), y: h - 1 }, 0, -1) * (h / w),
    ];
    // MARK.inset is a share of the page's width, so vertical distances are compared in widths too.
    for (const e of edges) assert.ok(Math.abs(e - MARK.inset) < 0.02, `${mode}: a corner mark at ${e.toFixed(4)} of the width, printed at ${MARK.inset}`);
    assert.ok(r.thumbnail.length > 1000 && r.thumbnail.length < 40_000);
  }
});

test('a blurred page is refused as blurred, a reflection as glare, an empty desk as no page', async () => {
  const cv = (await loadOpenCv()) as SceneCv;
  const blurred = await processFrame(cv, await deskJpeg(cv, { width: W, height: H, blurSigma: 4 }), { ...opts, mode: 'clean' });
  assert.equal(blurred.ok, false);
  assert.equal(!blurred.ok && blurred.reason, 'blurred', JSON.stringify(blurred));
  const glared = await processFrame(cv, await deskJpeg(cv, { width: W, height: H, glare: true }), { ...opts, mode: 'clean' });
  assert.equal(!glared.ok && glared.reason, 'glare', JSON.stringify(glared));
  const desk = await deskJpeg(cv, { width: W, height: H, corners: [{ x: 2, y: 2 }, { x: 2.1, y: 2 }, { x: 2.1, y: 2.1 }, { x: 2, y: 2.1 }] });
  const empty = await processFrame(cv, desk, { ...opts, mode: 'clean' });
  assert.equal(!empty.ok && empty.reason, 'no-page');
  assert.equal(await detectOutline(cv, desk), null);
});

test('the live outline finds the page in a small preview frame', async () => {
  const cv = (await loadOpenCv()) as SceneCv;
  const preview = await deskJpeg(cv, { width: 640, height: 480 });
  const q = await detectOutline(cv, preview);
  assert.ok(q);
  const truth = pageCorners(640, 480);
  q.forEach((c, i) => assert.ok(Math.abs(c.x - truth[i]!.x) < 0.015 && Math.abs(c.y - truth[i]!.y) < 0.015, `corner ${i}`));
});

test('bytes that are not an image, and a frame over the pixel limit, are errors, not crashes', async () => {
  const cv = await loadOpenCv();
  await assert.rejects(processFrame(cv, Buffer.from('not a jpeg at all'), { ...opts, mode: 'clean' }));
  const huge = await sharp({ create: { width: 5000, height: 4000, channels: 3, background: '#808080' } }).jpeg().toBuffer();
  await assert.rejects(processFrame(cv, huge, { ...opts, mode: 'clean' }), /pixel limit/i);
});
