import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isIdle, nightlyRestartDecision, NightlyRestartScheduler, restartWindow } from './nightly-restart.js';

const at = (d: number, h: number, m = 0) => new Date(2026, 5, d, h, m, 0, 0);

describe('nightly restart (pure)', () => {
  it('idle means no session, nothing in flight and a quiet period', () => {
    const now = 1_000_000;
    assert.equal(isIdle({ sessionOpen: false, inFlight: 0, lastActivityAt: now - 120_000 }, now, 120_000), true);
    assert.equal(isIdle({ sessionOpen: true, inFlight: 0, lastActivityAt: 0 }, now, 120_000), false);
    assert.equal(isIdle({ sessionOpen: false, inFlight: 1, lastActivityAt: 0 }, now, 120_000), false);
    assert.equal(isIdle({ sessionOpen: false, inFlight: 0, lastActivityAt: now - 5_000 }, now, 120_000), false);
  });

  it('finds the window, also one that runs past midnight', () => {
    assert.deepEqual(restartWindow(at(10, 3, 30), 3, 120), { start: at(10, 3), end: at(10, 5) });
    assert.equal(restartWindow(at(10, 5, 0), 3, 120), null);
    assert.equal(restartWindow(at(10, 2, 59), 3, 120), null);
    assert.deepEqual(restartWindow(at(11, 0, 30), 23, 120), { start: at(10, 23), end: at(11, 1) });
    assert.equal(restartWindow(at(10, 3), null, 120), null);
  });

  it('restarts once per night, inside the window, only when idle', () => {
    const bootedAt = at(9, 12);
    const base = { bootedAt, hour: 3, windowMin: 120 };
    assert.equal(nightlyRestartDecision({ ...base, now: at(10, 2, 59), idle: true }), 'wait', 'before the window');
    assert.equal(nightlyRestartDecision({ ...base, now: at(10, 3, 10), idle: false }), 'wait', 'a citizen is using it');
    assert.equal(nightlyRestartDecision({ ...base, now: at(10, 3, 10), idle: true }), 'restart');
    assert.equal(nightlyRestartDecision({ ...base, now: at(10, 5, 1), idle: true }), 'wait', 'window closed: try tomorrow');
    assert.equal(nightlyRestartDecision({ ...base, bootedAt: at(10, 3, 11), now: at(10, 3, 40), idle: true }), 'wait', 'this run is the restart');
    assert.equal(nightlyRestartDecision({ ...base, hour: null, now: at(10, 3, 10), idle: true }), 'wait', 'turned off');
  });

  it('the scheduler fires once when the decision says so', () => {
    let now = at(10, 2, 50);
    let idle = false;
    let fired = 0;
    const s = new NightlyRestartScheduler({ hour: 3, windowMin: 60, bootedAt: at(9, 8), idle: () => idle, onRestart: () => fired++, now: () => now });
    assert.equal(s.check(), false);
    now = at(10, 3, 5);
    assert.equal(s.check(), false, 'busy');
    idle = true;
    assert.equal(s.check(), true);
    assert.equal(s.check(), false);
    assert.equal(fired, 1);
    s.stop();
  });
});
