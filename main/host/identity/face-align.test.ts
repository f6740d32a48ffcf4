import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alignedChip, chipPoints, DLIB_FIVE, fitSimilarity, fivePoints, type Point } from './face-align.js';

describe('five-point alignment', () => {
  it('recovers a rotation, scale and shift exactly', () => {
    const from: Point[] = [[0, 0], [10, 0], [5, 8], [2, 12], [8, 12]];
    const ang = 0.3, k = 1.7;
    const to = from.map(([x, y]) => [k * (Math.cos(ang) * x - Math.sin(ang) * y) + 40, k * (Math.sin(ang) * x + Math.cos(ang) * y) - 7] as Point);
    const t = fitSimilarity(from, to);
    assert.ok(Math.abs(t.a - k * Math.cos(ang)) < 1e-9 && Math.abs(t.b - k * Math.sin(ang)) < 1e-9);
    assert.ok(Math.abs(t.tx - 40) < 1e-9 && Math.abs(t.ty + 7) < 1e-9);
  });

  it('puts the five points of a picture where the chip template has them', () => {
    // A 200 × 200 picture, black but for a white dot at each of five points of a tilted face.
    const W = 200;
    const rgb = new Uint8Array(W * W * 3);
    const chip = chipPoints(DLIB_FIVE, 150, 0.25);
    const t = fitSimilarity(chip, chip.map(([x, y]) => [0.6 * x - 0.2 * y + 60, 0.2 * x + 0.6 * y + 20] as Point));
    const where = chip.map(([u, v]) => [Math.round(t.a * u - t.b * v + t.tx), Math.round(t.b * u + t.a * v + t.ty)] as Point);
    for (const [x, y] of where) for (let c = 0; c < 3; c++) rgb[(y * W + x) * 3 + c] = 255;
    const out = alignedChip(rgb, W, W, where, chip, 150);
    for (const [u, v] of chip) {
      // Some of the dot's light lands within a pixel of where the template says.
      let light = 0;
      for (let dv = -1; dv <= 1; dv++) for (let du = -1; du <= 1; du++) light += out[((Math.round(v) + dv) * 150 + Math.round(u) + du) * 3]!;
      assert.ok(light > 50, `light near (${u.toFixed(0)}, ${v.toFixed(0)}): ${light}`);
    }
  });

  it('needs the whole mesh', () => {
    assert.equal(fivePoints([[1, 2, 3]]), null);
    const mesh = Array.from({ length: 468 }, (_, i) => [i, 2 * i, 0]);
    assert.deepEqual(fivePoints(mesh)![2], [1, 2]);
  });
});
