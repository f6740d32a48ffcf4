import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeviceStatus } from '../../contracts/devices.js';
import type { QueueView } from '../../contracts/protocol.js';
import { buildHeartbeat, newlyRaised, paperLevel, urgentConditions } from './heartbeat.js';

const dev = (id: string, kind: DeviceStatus['kind'], state: DeviceStatus['state'], detail: string | null = null): DeviceStatus => ({
  id,
  kind,
  state,
  detail,
  model: null,
  transport: 'sim',
  simulated: true,
  awaitingCardRemoval: false,
  lastError: null,
});
const queue = (q: Partial<QueueView> = {}): QueueView => ({ pending: 0, inFlight: 0, done: 3, dead: 0, oldestPendingAgeMs: 0, sync: 'idle', ...q });
const healthy = [dev('idcard-reader', 'idcard-reader', 'ready'), dev('receipt-printer', 'receipt-printer', 'ready'), dev('scanner', 'scanner', 'ready')];

describe('fleet heartbeat (pure)', () => {
  it('reads paper levels from the printer status detail', () => {
    assert.equal(paperLevel(dev('p', 'receipt-printer', 'ready')), 'ok');
    assert.equal(paperLevel(dev('p', 'receipt-printer', 'ready', 'paper-near-end')), 'near-end');
    assert.equal(paperLevel(dev('p', 'receipt-printer', 'error', 'paper-end')), 'out');
    assert.equal(paperLevel(dev('p', 'receipt-printer', 'offline', 'port-closed')), 'unknown');
  });

  it('raises paper out, reader offline, queue stuck and device errors', () => {
    assert.deepEqual(urgentConditions({ devices: healthy, queue: queue() }, { queueStuckMs: 60_000 }), []);
    const bad = [dev('idcard-reader', 'idcard-reader', 'offline', 'port-closed'), dev('receipt-printer', 'receipt-printer', 'error', 'paper-end'), dev('scanner', 'scanner', 'error', 'x')];
    const c = urgentConditions({ devices: bad, queue: queue({ pending: 2, oldestPendingAgeMs: 61_000, sync: 'backing-off' }) }, { queueStuckMs: 60_000 });
    assert.deepEqual(
      c.map((e) => `${e.kind}@${e.source}`),
      ['reader-offline@idcard-reader', 'paper-out@receipt-printer', 'device-error@scanner', 'queue-stuck@queue'],
    );
    assert.deepEqual(urgentConditions({ devices: healthy, queue: queue({ pending: 2, oldestPendingAgeMs: 59_000 }) }, { queueStuckMs: 60_000 }), []);
  });

  it('sends only newly raised conditions as urgent', () => {
    const a = [{ kind: 'paper-out' as const, source: 'p', detail: 'paper-end' }];
    const b = [...a, { kind: 'reader-offline' as const, source: 'r', detail: null }];
    assert.deepEqual(newlyRaised(a, b), [b[1]]);
    assert.deepEqual(newlyRaised(b, a), []);
  });

  it('builds a body with devices, queue depth, paper, versions and no personal data', () => {
    const body = buildHeartbeat({
      kioskId: 'k1',
      bootId: 'b1',
      now: new Date('2026-06-10T01:00:00Z'),
      reason: 'periodic',
      urgent: [],
      snapshot: { devices: [...healthy, dev('document-printer', 'document-printer', 'ready', 'media-low')], queue: queue({ pending: 4 }), idle: true, uptimeSec: 12.4 },
      versions: { app: '0.1.0' },
      queueStuckMs: 60_000,
    });
    assert.equal(body.kioskId, 'k1');
    assert.equal(body.queue.pending, 4);
    assert.deepEqual(body.paper, { 'receipt-printer': 'ok', 'document-printer': 'near-end' });
    assert.equal(body.devices.length, 4);
    assert.equal(body.uptimeSec, 12);
    assert.equal(body.sentAt, '2026-06-10T01:00:00.000Z');
  });
});
