import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import mqtt from 'mqtt';
import { KioskConfig } from '../../../contracts/config.js';
import { defaultKeyFilePath } from '../../../offline-queue/index.js';
import { Host } from '../host.js';
import { startFleet } from './index.js';
import { plainBroker } from './test-support/mosquitto.js';

/**
 * Against a plain broker, any platform's MQTT front: Debian's mosquitto when installed, else aedes.
 * Reconnect after the broker restarts.
 */
describe('fleet against a plain broker (mosquitto, or aedes without it)', () => {
  it('reconnects after a broker restart and delivers what was buffered meanwhile, in order', { timeout: 40_000 }, async () => {
    const broker = plainBroker();
    await broker.start();
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-mq-'));
    const host = await Host.create(KioskConfig.parse({ kioskId: 'k-mq', dataDir: dir, fleet: { url: broker.url, accessToken: 'tok', telemetrySec: 5 } }));
    const seen: { ts: number; at: number }[] = [];
    const subscribe = async () => {
      const sub = await mqtt.connectAsync(broker.url, { clientId: 'platform', reconnectPeriod: 200 });
      sub.on('message', (_t, p) => {
        const body = JSON.parse(p.toString()) as { ts: number } | { ts: number }[];
        for (const r of Array.isArray(body) ? body : [body]) seen.push({ ts: r.ts, at: Date.now() });
      });
      await sub.subscribeAsync('v1/devices/me/telemetry', { qos: 1 });
      return sub;
    };
    let sub = await subscribe();
    const fleet = startFleet(host, { appVersion: '1.0.0', restart: () => undefined, tuning: { backoff: { baseMs: 100, capMs: 1000 }, paceMs: 10 } })!;
    const until = async (pred: () => boolean, ms: number, what: string) => {
      const end = Date.now() + ms;
      while (!pred()) {
        if (Date.now() > end) throw new Error(`timed out: ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await until(() => fleet.status.connected && seen.length >= 1, 10_000, 'first telemetry');
      await sub.endAsync(true);
      await broker.stop();
      await until(() => !fleet.status.connected, 5000, 'disconnect noticed');
      fleet.pushTelemetry({ marker: 1 });
      fleet.pushTelemetry({ marker: 2 });
      await new Promise((r) => setTimeout(r, 6000)); // one periodic record too
      const buffered = fleet.buffer.count();
      assert.ok(buffered >= 3, `buffered ${buffered}`);
      await broker.start();
      sub = await subscribe();
      await until(() => fleet.status.connected && fleet.buffer.count() === 0, 10_000, 'reconnected and drained');
      await until(() => seen.length >= 1 + buffered, 5000, 'delivered');
      const after = seen.slice(1).map((s) => s.ts);
      assert.deepEqual(after, [...after].sort((a, b) => a - b));
    } finally {
      await sub.endAsync(true);
      await fleet.stop();
      await host.dispose();
      await broker.dispose();
      rmSync(dir, { recursive: true, force: true });
      rmSync(defaultKeyFilePath(dir), { force: true });
    }
  });
});
