import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { base64Parts, isSteady, outlineDistance } from './capture-frames.js';

const q = (d: number) => [
  { x: 0.2 + d, y: 0.1 },
  { x: 0.8, y: 0.1 + d },
  { x: 0.8, y: 0.9 },
  { x: 0.2, y: 0.9 },
];

describe('capture frames', () => {
  it('a page is steady after four outlines that agree, not while it moves or is missing', () => {
    assert.equal(isSteady([q(0), q(0.005), q(0.01), q(0.004)]), true);
    assert.equal(isSteady([q(0), q(0.005), q(0.05), q(0.004)]), false);
    assert.equal(isSteady([q(0), null, q(0), q(0)]), false);
    assert.equal(isSteady([q(0), q(0), q(0)]), false);
    assert.ok(Math.abs(outlineDistance(q(0), q(0.1)) - 0.1) < 1e-9);
  });
  it('parts are base64 of consecutive slices that join to the whole', () => {
    const bytes = new Uint8Array(2500).map((_, i) => i % 251);
    const parts = base64Parts(bytes, 1000);
    assert.equal(parts.length, 3);
    const joined = Buffer.concat(parts.map((p) => Buffer.from(p, 'base64')));
    assert.deepEqual(new Uint8Array(joined), bytes);
  });
});
