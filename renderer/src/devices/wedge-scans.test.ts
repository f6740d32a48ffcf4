import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostError } from '../host/host-error.js';
import { WedgeScans } from './wedge-scans.js';

test('a scan answers the oldest waiting request, once; a scan with nobody waiting is dropped', async () => {
  const w = new WedgeScans();
  w.deliver('dropped-before-anyone-asked');
  const first = w.next(5000);
  const second = w.next(5000);
  assert.equal(w.waiting, 2);
  w.deliver('91320508MA1MXK2C87');
  assert.deepEqual(await first, { data: '91320508MA1MXK2C87', source: 'keyboard', symbology: null });
  assert.equal(w.waiting, 1);
  w.deliver('https://zwfw.example.gov.cn/qr/3205-0001');
  assert.equal((await second).data, 'https://zwfw.example.gov.cn/qr/3205-0001');
  assert.equal(w.waiting, 0);
});

test('no scan within the timeout is a retryable timeout error, and the wait is gone', async () => {
  const w = new WedgeScans();
  await assert.rejects(w.next(20), (e: unknown) => e instanceof HostError && e.code === 'timeout' && e.retryable === true);
  assert.equal(w.waiting, 0);
  w.deliver('late'); // nobody waits: dropped, nothing thrown
});

test('aborting (before or while waiting) is a cancelled error; the scan then goes to the next request', async () => {
  const w = new WedgeScans();
  const already = new AbortController();
  already.abort();
  await assert.rejects(w.next(5000, already.signal), (e: unknown) => e instanceof HostError && e.code === 'cancelled' && e.retryable === false);
  const ac = new AbortController();
  const cancelled = w.next(5000, ac.signal);
  const after = w.next(5000);
  ac.abort();
  await assert.rejects(cancelled, (e: unknown) => e instanceof HostError && e.code === 'cancelled');
  w.deliver('0001234');
  assert.equal((await after).data, '0001234');
  assert.equal(w.waiting, 0);
});
