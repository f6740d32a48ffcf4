import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DeviceStatus } from '../../contracts/devices.js';
import { Emitter } from '../../common/events.js';
import { HeartbeatClient } from '../host/heartbeat-client.js';
import type { HeartbeatBody } from '../host/heartbeat.js';
import { startDemoBackend } from './server.js';

const auth = { Authorization: 'Bearer tok' };

async function waitFor<T>(what: string, f: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('heartbeat route: stores the last heartbeat per kiosk, reads it back, refuses bad input', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hb-route-'));
  const b = await startDemoBackend({ dataDir: dir, token: 'tok' });
  try {
    const post = (id: string, body: unknown, headers: Record<string, string> = auth) =>
      fetch(`${b.url}/v1/kiosks/${id}/heartbeat`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    assert.equal((await fetch(`${b.url}/v1/kiosks/k1/heartbeat`, { headers: auth })).status, 404);
    assert.equal((await post('k1', { kioskId: 'k1' }, {})).status, 401);
    assert.equal((await post('k1', '{nope')).status, 400);
    assert.equal((await post('k1', { kioskId: 'k2' })).status, 400);
    const ok = await post('k1', { kioskId: 'k1', reason: 'urgent', urgent: [{ kind: 'paper-out', source: 'receipt-printer', detail: 'paper-end' }] });
    assert.equal(ok.status, 200);
    assert.equal(((await ok.json()) as { kioskId: string }).kioskId, 'k1');
    assert.equal((await post('k1', { kioskId: 'k1', reason: 'periodic', urgent: [] })).status, 200);
    const got = (await (await fetch(`${b.url}/v1/kiosks/k1/heartbeat`, { headers: auth })).json()) as { count: number; heartbeat: { reason: string }; lastUrgent: { urgent: { kind: string }[] } };
    assert.equal(got.count, 2);
    assert.equal(got.heartbeat.reason, 'periodic');
    assert.equal(got.lastUrgent.urgent[0]!.kind, 'paper-out', 'the last urgent event is kept after a routine heartbeat');
  } finally {
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('heartbeat client: start-up heartbeat, then paper out sent at once (debounced) to the demo back end', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hb-client-'));
  const b = await startDemoBackend({ dataDir: dir, token: 'tok' });
  const changed = new Emitter<void>();
  const printer: DeviceStatus = { id: 'receipt-printer', kind: 'receipt-printer', state: 'ready', detail: null, model: null, transport: 'sim', simulated: true, awaitingCardRemoval: false, lastError: null };
  let devices: DeviceStatus[] = [printer];
  const client = new HeartbeatClient({
    url: b.url,
    token: 'tok',
    kioskId: 'hall-01-k03',
    bootId: 'boot-1',
    intervalMs: 0,
    debounceMs: 200,
    queueStuckMs: 60_000,
    versions: { app: '0.1.0' },
    source: {
      snapshot: () => ({ devices, queue: { pending: 1, inFlight: 0, done: 0, dead: 0, oldestPendingAgeMs: 10, sync: 'idle' }, idle: true, uptimeSec: 1 }),
      onDidChange: (l) => changed.event(() => l()),
    },
  });
  const read = async () => {
    const r = await fetch(`${b.url}/v1/kiosks/hall-01-k03/heartbeat`, { headers: auth });
    return r.status === 200 ? ((await r.json()) as { count: number; heartbeat: HeartbeatBody }) : undefined;
  };
  try {
    client.start();
    const first = await waitFor('the start-up heartbeat', read);
    assert.equal(first.heartbeat.reason, 'startup');
    assert.deepEqual(first.heartbeat.paper, { 'receipt-printer': 'ok' });
    assert.equal(first.heartbeat.queue.pending, 1);
    devices = [{ ...printer, state: 'error', detail: 'paper-end' }];
    changed.fire();
    changed.fire(); // the same condition twice: one urgent heartbeat
    const urgent = await waitFor('the urgent heartbeat', async () => {
      const r = await read();
      return r && r.heartbeat.reason === 'urgent' ? r : undefined;
    });
    assert.deepEqual(urgent.heartbeat.urgent, [{ kind: 'paper-out', source: 'receipt-printer', detail: 'paper-end' }]);
    assert.deepEqual(urgent.heartbeat.paper, { 'receipt-printer': 'out' });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await read())!.count, 2, 'a standing condition is not re-sent');
  } finally {
    client.stop();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
