import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base64Bytes, inkBounds, judgeSignature, trimRegion, type Stroke } from './sign-export.js';

const line = (x0: number, y0: number, x1: number, y1: number, n = 20): Stroke => Array.from({ length: n + 1 }, (_, i) => ({ x: x0 + ((x1 - x0) * i) / n, y: y0 + ((y1 - y0) * i) / n }));

test('an empty box, a tap, a tick and a scribble in a corner are not signatures', () => {
  assert.equal(judgeSignature([]), 'empty');
  assert.equal(judgeSignature([[]]), 'empty');
  assert.equal(judgeSignature([[{ x: 100, y: 100 }]]), 'too-small');
  assert.equal(judgeSignature([line(100, 100, 130, 120), line(130, 120, 170, 60)]), 'too-small', 'a tick: 70 px wide');
  assert.equal(judgeSignature([line(10, 10, 300, 14)]), 'too-small', 'a flat line: 4 px high');
  assert.equal(judgeSignature([line(10, 10, 200, 60)]), 'too-small', 'one short stroke');
});

test('a name of several strokes, or one long flourish, is a signature', () => {
  assert.equal(judgeSignature([line(50, 50, 250, 50), line(150, 20, 150, 160), line(60, 160, 260, 120)]), 'ok');
  const flourish: Stroke = Array.from({ length: 200 }, (_, i) => ({ x: 40 + i * 2, y: 120 + 50 * Math.sin(i / 8) }));
  assert.equal(judgeSignature([flourish]), 'ok');
});

test('the export is trimmed to the ink with a margin, inside the box', () => {
  const ink = inkBounds([line(100, 80, 400, 200)])!;
  assert.deepEqual(ink, { x: 100, y: 80, w: 300, h: 120 });
  assert.deepEqual(trimRegion(ink, { w: 1000, h: 500 }), { x: 88, y: 68, w: 324, h: 144 });
  assert.deepEqual(trimRegion({ x: 2, y: 3, w: 990, h: 490 }, { w: 1000, h: 500 }), { x: 0, y: 0, w: 1000, h: 500 });
});

test('base64 sizes', () => {
  assert.equal(base64Bytes(Buffer.from('abcd').toString('base64')), 4);
  assert.equal(base64Bytes(Buffer.from('abcde').toString('base64')), 5);
  assert.equal(base64Bytes(Buffer.from('abcdef').toString('base64')), 6);
});
