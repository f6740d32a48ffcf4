import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTRACT_TELEMETRY_KEYS, raisedSince, standingConditions, TelemetryEncoder } from './telemetry.js';

test('a damaged outbox is a standing condition: an urgent outbox-corrupt event when it appears, once', () => {
  const queue = { pending: 0, inFlight: 0, done: 0, dead: 0, oldestPendingAgeMs: 0, sync: 'stopped' as const };
  const healthy = standingConditions([], queue, false);
  const damaged = standingConditions([], queue, true);
  assert.deepEqual(raisedSince(healthy, damaged, 42), [{ kind: 'outbox-corrupt', at: 42 }]);
  assert.deepEqual(raisedSince(damaged, standingConditions([], queue, true), 43), [], 'not again while it stands');
});

test('every periodic message carries every key of contracts §5; other keys only when they changed', () => {
  const full = Object.fromEntries([...CONTRACT_TELEMETRY_KEYS.map((k) => [k, 0]), ['mem.rssBytes', 1], ['device.scanner.detail', null]]);
  const enc = new TelemetryEncoder(10);
  assert.deepEqual(Object.keys(enc.next(full)).sort(), Object.keys(full).sort(), 'the first is whole');
  const second = enc.next({ ...full, 'mem.rssBytes': 2 });
  assert.deepEqual(Object.keys(second).sort(), [...CONTRACT_TELEMETRY_KEYS, 'mem.rssBytes'].sort());
  assert.deepEqual(Object.keys(enc.next({ ...full, 'mem.rssBytes': 2 })).sort(), [...CONTRACT_TELEMETRY_KEYS].sort());
});
