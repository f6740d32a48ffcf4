import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { RequestThread, type ThreadFailure } from './request-thread.js';

/** A real worker thread: echoes `{ id, n }` as `{ id, double }`, never answers n < 0, exits on n = 0. */
const ECHO = `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => { if (m.n === 0) process.exit(3); if (m.n > 0) parentPort.postMessage({ id: m.id, double: m.n * 2 }); });`;

function thread(timeoutMs = 2000) {
  let starts = 0;
  const t = new RequestThread<{ id: number; double: number }>({
    start: () => (starts++, new Worker(ECHO, { eval: true })),
    timeoutMs,
    error: (why: ThreadFailure) => new Error(why.kind),
  });
  return { t, starts: () => starts };
}

test('answers in order on one worker; a worker that stops fails what it had and the next request starts another', async () => {
  const { t, starts } = thread();
  const ask = (n: number) => t.request((id) => ({ id, n }), (r) => r.double);
  assert.deepEqual(await Promise.all([ask(1), ask(2), ask(3)]), [2, 4, 6]);
  assert.equal(starts(), 1);
  await assert.rejects(ask(0), /stopped/);
  assert.equal(await ask(5), 10);
  assert.equal(starts(), 2);
  await t.close();
});

test('a request over its time fails as timeout; what cannot be sent fails as unsendable; close fails what is in flight', async () => {
  const { t } = thread(200);
  await assert.rejects(t.request((id) => ({ id, n: -1 }), () => 0), /timeout/);
  await assert.rejects(t.request((id) => ({ id, n: 1, f: () => 1 }), () => 0), /unsendable/);
  const hanging = assert.rejects(t.request((id) => ({ id, n: -1 }), () => 0), /closed/);
  await t.close();
  await hanging;
});

test('what the answer function throws rejects that request only', async () => {
  const { t } = thread();
  await assert.rejects(t.request((id) => ({ id, n: 1 }), () => { throw new Error('refused'); }), /refused/);
  assert.equal(await t.request((id) => ({ id, n: 4 }), (r) => r.double), 8);
  await t.close();
});
