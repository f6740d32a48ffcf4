import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { DeviceStatus } from '../../contracts/devices.js';
import { HeartbeatClient, type HeartbeatSource } from './heartbeat-client.js';

const reader = (state: DeviceStatus['state']): DeviceStatus => ({ id: 'idcard-reader', kind: 'idcard-reader', state, detail: null, model: null, transport: 'sim', simulated: true, awaitingCardRemoval: false, lastError: null });

describe('heartbeat client', () => {
  it('keeps at most one heartbeat in flight against a back end that never answers; an urgent one follows the stuck one', { timeout: 20_000 }, async () => {
    const held: ServerResponse[] = [];
    const bodies: { reason: string; urgent: unknown[] }[] = [];
    let open = 0;
    let maxOpen = 0;
    // The first request is held (never answered until its client gives up); later ones are answered at once.
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      open++;
      maxOpen = Math.max(maxOpen, open);
      res.on('close', () => open--);
      let text = '';
      req.on('data', (d: Buffer) => (text += d.toString()));
      req.on('end', () => {
        bodies.push(JSON.parse(text) as { reason: string; urgent: unknown[] });
        if (bodies.length === 1) held.push(res);
        else res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    let state: DeviceStatus['state'] = 'ready';
    const listeners: (() => void)[] = [];
    const source: HeartbeatSource = {
      snapshot: () => ({ devices: [reader(state)], queue: { pending: 0, inFlight: 0, done: 0, dead: 0, oldestPendingAgeMs: 0, sync: 'idle' }, idle: true, uptimeSec: 1 }),
      onDidChange: (l) => (listeners.push(l), { dispose: () => undefined }),
    };
    // A period of 5 ms is what a remote push of intervalMin 0.0001 would give without the schema's floor.
    const hb = new HeartbeatClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 't', kioskId: 'k1', bootId: 'b', intervalMs: 5, debounceMs: 0, queueStuckMs: 60_000, versions: {}, source, timeoutMs: 1500 });
    try {
      hb.start();
      await new Promise((r) => setTimeout(r, 300));
      state = 'offline';
      for (const l of listeners) l();
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(bodies.length, 1, 'nothing else while the first heartbeat hangs');
      assert.equal(maxOpen, 1);
      assert.ok(hb.skipped >= 50, `periodic heartbeats skipped: ${hb.skipped}`);
      // The stuck one times out; the urgent one goes next, then periodic ones again, one at a time.
      const until = Date.now() + 5000;
      while (!bodies.some((b) => b.reason === 'urgent') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      assert.equal(bodies[1]?.reason, 'urgent');
      assert.deepEqual(bodies[1]?.urgent, [{ kind: 'reader-offline', source: 'idcard-reader', detail: null }]);
      assert.equal(maxOpen, 1);
    } finally {
      hb.stop();
      for (const r of held) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
