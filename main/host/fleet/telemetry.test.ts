import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTRACT_TELEMETRY_KEYS, raisedSince, standingConditions, TelemetryEncoder, telemetryValues, type FleetSnapshot } from './telemetry.js';

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

test('bundles: counts by how they stand (all accepted, partly refused, still open), null when the outbox cannot be read', () => {
  const snap: FleetSnapshot = {
    devices: [],
    queue: { pending: 0, inFlight: 0, done: 5, dead: 1, oldestPendingAgeMs: 0, sync: 'idle' },
    uptimeSec: 1,
    diskFreeBytes: null,
    memRssBytes: 0,
    screen: 'home',
    sessionsCount: 0,
    sessionsLastHour: 0,
    servicesLastHour: 0,
    deviceErrors: {},
    rendererCrashes: 0,
    outOfService: false,
    telemetryDropped: 0,
    telemetryBuffered: 0,
    outboxCorrupt: false,
    bundles: { accepted: 3, partlyRefused: 1, open: 2 },
  };
  const v = telemetryValues(snap);
  assert.deepEqual([v['bundles.accepted'], v['bundles.partlyRefused'], v['bundles.open']], [3, 1, 2]);
  const unread = telemetryValues({ ...snap, bundles: null });
  assert.deepEqual([unread['bundles.accepted'], unread['bundles.partlyRefused'], unread['bundles.open']], [null, null, null]);
});
