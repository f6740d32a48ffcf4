import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdaptiveThrottle, DEFAULT_THROTTLE, type SendTicket } from './adaptive-throttle.js';
import { seededRandom } from './test-support/fault-proxy.js';

/**
 * A worker with `concurrency` requests at most in flight, each answered `rttMs` after it went out,
 * on a simulated clock: sends whenever the throttle lets it, with an endless queue behind.
 * `fails(t)` decides each answer. Returns the send times.
 */
function simulate(opts: { seconds: number; fails: (t: number) => boolean; concurrency?: number; rttMs?: number; seed?: number }) {
  let t = 0;
  const throttle = new AdaptiveThrottle({}, () => t, seededRandom(opts.seed ?? 1));
  const concurrency = opts.concurrency ?? 4;
  const rtt = opts.rttMs ?? 5;
  const inFlight: { answerAt: number; ticket: SendTicket }[] = [];
  const sends: number[] = [];
  /** Time (ms) a slot was free, work was waiting, and the throttle said no. */
  let held = 0;
  while (t < opts.seconds * 1000) {
    while (inFlight.length < concurrency && throttle.available() > 0) {
      assert.ok(throttle.nextSendAt() <= t);
      inFlight.push({ answerAt: t + rtt, ticket: throttle.onSend() });
      sends.push(t);
    }
    inFlight.sort((a, b) => a.answerAt - b.answerAt);
    const next = Math.min(inFlight[0]?.answerAt ?? Infinity, throttle.nextSendAt());
    const later = Math.max(t + 1, Number.isFinite(next) ? next : t + 1);
    if (inFlight.length < concurrency) held += later - t;
    t = later;
    while (inFlight.length && inFlight[0]!.answerAt <= t) {
      const done = inFlight.shift()!;
      if (opts.fails(done.answerAt)) throttle.onFailed(done.ticket);
      else throttle.onAccepted(done.ticket);
    }
  }
  return { sends, held, throttle };
}

/** Most sends in any window of `ms` (the window starts at a send). */
function busiestWindow(sends: number[], ms: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < sends.length; i++) {
    while (sends[i]! - sends[j]! >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

test('a healthy back end is never held: full concurrency after the first answer', () => {
  const { sends, held } = simulate({ seconds: 60, fails: () => false });
  // 4 in flight, 5 ms each: 800 requests/s.
  assert.ok(sends.length > 60 * 790, `${sends.length} requests in 60 s`);
  assert.equal(held, 0, `held ${held} ms`);
});

test('35 % random failures: the back end keeps full concurrency (the bucket seldom runs dry)', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const random = seededRandom(seed * 7919);
    const { sends, held, throttle } = simulate({ seconds: 120, fails: () => random() < 0.35, seed });
    // A run of failures can dry the bucket now and then: one probe gap (≥ 1 s) lost, not more.
    assert.ok(held <= 2000, `seed ${seed}: held ${held} ms out of 120 s`);
    assert.ok(sends.length > 120 * 790, `seed ${seed}: ${sends.length} requests`);
    assert.equal(throttle.healthy, true);
  }
});

test('a dead back end gets at most one request a second, from the very start', () => {
  const { sends, throttle } = simulate({ seconds: 600, fails: () => true });
  assert.deepEqual(sends.slice(0, DEFAULT_THROTTLE.initial), Array(DEFAULT_THROTTLE.initial).fill(0), 'the initial tokens at once');
  assert.ok(busiestWindow(sends.slice(DEFAULT_THROTTLE.initial), 1000) <= 1, 'then never two requests within a second');
  for (const w of [10_000, 20_000]) assert.ok(busiestWindow(sends, w) <= w / 1000, `${busiestWindow(sends, w)} requests in ${w} ms`);
  // The gap grows (full jitter up to 30 s): far fewer than one a second over ten minutes.
  assert.ok(sends.length < 600 / 4, `${sends.length} requests in 600 s`);
  for (let i = 1; i < sends.length; i++) assert.ok(sends[i]! - sends[i - 1]! <= DEFAULT_THROTTLE.probeCapMs + 10, 'probes never stop');
  assert.equal(throttle.limiting, true);
  assert.equal(throttle.healthy, false);
});

test('a back end that dies mid-drain gets at most `burst` more requests, then the probe pace', () => {
  const { sends } = simulate({ seconds: 100, fails: (t) => t >= 10_000 });
  const after = sends.filter((s) => s >= 10_000);
  const fast = after.filter((s) => s < 10_000 + DEFAULT_THROTTLE.probeMinMs);
  assert.ok(fast.length <= DEFAULT_THROTTLE.burst + 4, `${fast.length} requests in the first second after dying`);
  const later = after.filter((s) => s >= 11_000);
  assert.ok(busiestWindow(later, 1000) <= 1);
  assert.ok(later.length <= 89, `${later.length} requests in the 89 s after`);
});

test('failing more than 1 in K (here 70 %): sending is cut to a fraction', () => {
  const random = seededRandom(42);
  const { sends } = simulate({ seconds: 60, fails: () => random() < 0.7 });
  assert.ok(sends.length < 60 * 10, `${sends.length} requests in 60 s against ~48,000 when healthy`);
});

test('recovery: one accepted probe refills half the bucket, full speed at once', () => {
  const { sends } = simulate({ seconds: 120, fails: (t) => t < 60_000 });
  const after = sends.filter((s) => s >= 60_000);
  const firstProbe = after[0]!;
  assert.ok(firstProbe - 60_000 <= DEFAULT_THROTTLE.probeCapMs, 'a probe went out within the probe cap');
  // From the first accepted probe on: back to 800 requests/s (minus a few ms of slow start).
  const rate = after.length / ((120_000 - firstProbe) / 1000);
  assert.ok(rate > 780, `${rate.toFixed(0)} requests/s after recovery`);
});

test('a cancelled request returns its token; a cancelled probe frees the probe slot', () => {
  let t = 0;
  const th = new AdaptiveThrottle({ initial: 1, burst: 4 }, () => t, () => 0);
  const a = th.onSend();
  assert.equal(a, 'token');
  assert.equal(th.available(), 0);
  th.onCancelled(a);
  assert.equal(th.available(), 1);
  th.onFailed(th.onSend());
  t += 1000;
  const probe = th.onSend();
  assert.equal(probe, 'probe');
  assert.equal(th.nextSendAt(), Infinity, 'one probe at a time');
  th.onCancelled(probe);
  assert.equal(th.available(), 1);
  th.onAccepted(th.onSend());
  assert.equal(th.available(), 2, 'an accepted probe: half the bucket');
  assert.throws(() => new AdaptiveThrottle({ ratio: 1 }), RangeError);
});
