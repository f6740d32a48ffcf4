import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from './canonical-json.js';

test('sorted keys at every level, no whitespace, JSON string escapes', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: '欧阳\n"' } }), '{"a":{"c":"欧阳\\n\\"","d":[3,{"y":true,"z":null}]},"b":1}');
  assert.equal(canonicalJson({ b: 1, a: 2 }), canonicalJson({ a: 2, b: 1 }));
  assert.equal(canonicalJson(Object.assign(Object.create(null) as object, { x: 1e21, y: -0.5 })), '{"x":1e+21,"y":-0.5}');
});

test('anything plain JSON cannot carry is refused with bad-request, without echoing values', () => {
  const cyc: Record<string, unknown> = {};
  cyc.self = cyc;
  for (const bad of [{ a: undefined }, { a: NaN }, { a: Infinity }, { a: 1n }, { a: new Date() }, { a: () => 1 }, cyc]) {
    assert.throws(() => canonicalJson(bad), (e: unknown) => (e as { code?: string }).code === 'bad-request');
  }
  assert.throws(() => canonicalJson({ secret: new Date() }), /at \$\.secret/);
});
