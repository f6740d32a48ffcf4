import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Emitter } from './events.js';

test('Emitter: listeners get each value; a disposed one gets no more', () => {
  const e = new Emitter<number>();
  const a: number[] = [];
  const b: number[] = [];
  e.event((v) => a.push(v));
  const sub = e.event((v) => b.push(v));
  e.fire(1);
  sub.dispose();
  e.fire(2);
  assert.deepEqual(a, [1, 2]);
  assert.deepEqual(b, [1]);
});

test('Emitter: by default a throwing listener throws out of fire() and stops the rest', () => {
  const e = new Emitter<number>();
  const seen: number[] = [];
  e.event(() => {
    throw new Error('boom');
  });
  e.event((v) => seen.push(v));
  assert.throws(() => e.fire(1), /boom/);
  assert.deepEqual(seen, []);
});

test("Emitter with listenerErrors 'defer': the others still run and the error is re-thrown on a later tick", () => {
  const e = new Emitter<number>({ listenerErrors: 'defer' });
  const seen: number[] = [];
  e.event(() => {
    throw new Error('later');
  });
  e.event((v) => seen.push(v));
  // Catch what is queued instead of letting it reach the test runner's uncaughtException handler.
  const queued: (() => void)[] = [];
  const original = globalThis.queueMicrotask;
  globalThis.queueMicrotask = (cb) => void queued.push(cb);
  try {
    e.fire(7);
  } finally {
    globalThis.queueMicrotask = original;
  }
  assert.deepEqual(seen, [7]);
  assert.equal(queued.length, 1);
  assert.throws(() => queued[0]!(), /later/);
});
