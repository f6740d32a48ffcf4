import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_BACKOFF, HEALTHY_BACKOFF_ATTEMPTS, HEALTHY_BACKOFF_CAP_MS, fullJitterDelay, parseRetryAfter, submissionRetryDelay } from './backoff.js';
import { decide } from './answer-policy.js';

test('full jitter: random(0, min(cap, base·2^n)) with base 1 s and cap 5 min', () => {
  assert.deepEqual(DEFAULT_BACKOFF, { baseMs: 1000, capMs: 300_000 });
  assert.equal(fullJitterDelay(0, DEFAULT_BACKOFF, () => 0.999999), 999);
  assert.equal(fullJitterDelay(3, DEFAULT_BACKOFF, () => 0.5), 4000);
  assert.equal(fullJitterDelay(20, DEFAULT_BACKOFF, () => 0.999999), 299_999);
  assert.equal(fullJitterDelay(5000, DEFAULT_BACKOFF, () => 1 - 1e-12), 299_999);
  assert.equal(fullJitterDelay(4, DEFAULT_BACKOFF, () => 0), 0);
});

test('a submission\'s own back-off: full jitter, windows capped at 16 s while the back end is healthy, at 5 min otherwise', () => {
  const top = () => 1 - 1e-12;
  // A back end the throttle sees failing most requests (or down): the contract's windows, up to 5 min.
  assert.deepEqual(
    [0, 1, 4, 8, 9, 20].map((n) => submissionRetryDelay(n, false, DEFAULT_BACKOFF, top)),
    [999, 1999, 15_999, 255_999, 299_999, 299_999],
  );
  // Healthy: the same exponential windows, stopping at 16 s…
  assert.deepEqual(
    [0, 1, 4, 5, 11].map((n) => submissionRetryDelay(n, true, DEFAULT_BACKOFF, top)),
    [999, 1999, HEALTHY_BACKOFF_CAP_MS - 1, HEALTHY_BACKOFF_CAP_MS - 1, HEALTHY_BACKOFF_CAP_MS - 1],
  );
  // …until the submission has failed 12 times while others pass: then it fails on its own.
  assert.equal(submissionRetryDelay(HEALTHY_BACKOFF_ATTEMPTS, true, DEFAULT_BACKOFF, top), 299_999);
  // Full jitter, not a fixed delay: anywhere in [0, window).
  assert.equal(submissionRetryDelay(6, true, DEFAULT_BACKOFF, () => 0), 0);
  assert.equal(submissionRetryDelay(6, false, DEFAULT_BACKOFF, () => 0.25), 16_000);
  // A smaller configured cap still wins.
  assert.equal(submissionRetryDelay(9, true, { baseMs: 10, capMs: 80 }, top), 79);
});

test('Retry-After: delay-seconds and HTTP-date (all three RFC 9110 forms)', () => {
  const now = Date.parse('Sun, 06 Nov 1994 08:49:30 GMT');
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter(' 0 ', now), 0);
  assert.equal(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now), 7000);
  assert.equal(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now), 7000);
  assert.equal(parseRetryAfter('Sun Nov  6 08:49:37 1994', now - new Date(now).getTimezoneOffset() * 60_000), 7000);
  assert.equal(parseRetryAfter('Sun, 06 Nov 1994 08:49:00 GMT', now), 0, 'a date in the past means now');
  assert.equal(parseRetryAfter('99999999', now), 24 * 3600 * 1000, 'clamped to a day');
  for (const bad of [undefined, '', '-5', '1.5', 'soon']) assert.equal(parseRetryAfter(bad, now), undefined);
});

const answer = (status: number, headers: Record<string, string> = {}, body = '') => ({ status, headers, body: Buffer.from(body) });

test('decide(): the table of docs/protocol.md §4', () => {
  const now = 1_000_000;
  assert.deepEqual(decide(answer(201, {}, '{"id":"x","receivedAt":"t","receiptNo":"R1"}'), now), { kind: 'done', receivedAt: 't', receiptNo: 'R1' });
  assert.deepEqual(decide(answer(200), now), { kind: 'done' });
  assert.deepEqual(decide(answer(422, {}, '{"error":{"code":"key-reused","message":"王芳"}}'), now), { kind: 'dead', error: 'HTTP 422 key-reused' });
  assert.deepEqual(decide(answer(400, {}, 'not json'), now), { kind: 'dead', error: 'HTTP 400' });
  assert.deepEqual(decide(answer(409), now), { kind: 'retry', error: 'HTTP 409', global: false });
  assert.deepEqual(decide(answer(401), now), { kind: 'auth', status: 401, error: 'HTTP 401' });
  assert.deepEqual(decide(answer(403), now), { kind: 'auth', status: 403, error: 'HTTP 403' });
  assert.deepEqual(decide(answer(429, { 'retry-after': '3' }), now), { kind: 'retry', error: 'HTTP 429', retryAfterMs: 3000, retryAfterScope: 'client', global: true });
  assert.deepEqual(decide(answer(503, { 'retry-after': '7' }), now), { kind: 'retry', error: 'HTTP 503', retryAfterMs: 7000, retryAfterScope: 'service', global: true });
  assert.deepEqual(decide(answer(503), now), { kind: 'retry', error: 'HTTP 503', global: true });
  for (const s of [500, 502, 504, 404, 408]) assert.equal(decide(answer(s), now).kind, 'retry');
});
