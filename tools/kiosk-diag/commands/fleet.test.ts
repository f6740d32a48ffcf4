import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { KioskConfig } from '../../../contracts/config.js';
import { Host } from '../../../main/host/host.js';
import { startFleet } from '../../../main/host/fleet/index.js';
import { ThingsBoardStandIn } from '../../../main/host/fleet/test-support/thingsboard-stand-in.js';
import { defaultKeyFilePath } from '../../../offline-queue/index.js';

const diag = (args: string[]) => spawnSync(process.execPath, ['tools/kiosk-diag.mjs', 'fleet', ...args], { encoding: 'utf8', timeout: 60_000 });

test('kiosk-diag fleet status --json: what the running host reports, read from its data dir', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'diag-fleet-'));
  const tb = new ThingsBoardStandIn({ provision: { key: 'k', secret: 's' } });
  await tb.start();
  const host = await Host.create(KioskConfig.parse({ kioskId: 'k-diag', dataDir: dir, fleet: { url: tb.url, provision: { key: 'k', secret: 's' } } }));
  const fleet = startFleet(host, { appVersion: '1.0.0', restart: () => undefined })!;
  try {
    await tb.waitFor(() => fleet.status.connected && fleet.status.lastTelemetryAt, 10_000, 'connected');
    await new Promise((r) => setTimeout(r, 400)); // the status file is written 200 ms after a change
    const r = diag(['status', '--data', dir, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(s.connected, true);
    assert.equal(s.tokenPresent, true);
    assert.equal(s.tokenSource, 'provisioned');
    assert.equal(s.url, tb.url);
    assert.equal(typeof s.lastTelemetryAt, 'string');
    assert.equal(s.buffered, 0);
    assert.ok(!r.stdout.includes([...tb.tokens.keys()][0]!), 'never prints the token');
    assert.equal(diag(['nonsense', '--json']).status, 2);
  } finally {
    await fleet.stop();
    await host.dispose();
    await tb.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(defaultKeyFilePath(dir), { force: true });
  }
});

test('kiosk-diag fleet status before the first run shows the configured URL and token; a missing --data is a usage error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'diag-fleet-'));
  try {
    const cfg = join(dir, 'kiosk.yaml');
    writeFileSync(cfg, `dataDir: ${join(dir, 'never-ran')}\nfleet:\n  url: mqtt://tb.example:1883\n  accessToken: SECRET-TOKEN-1\n`);
    const r = diag(['status', '--config', cfg, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(s.state, 'not-started');
    assert.equal(s.url, 'mqtt://tb.example:1883');
    assert.equal(s.tokenPresent, true);
    assert.equal(s.tokenSource, 'config');
    assert.ok(!r.stdout.includes('SECRET-TOKEN-1'), 'never prints the token');
    const text = diag(['status', '--config', cfg]);
    assert.match(text.stdout, /^fleet\s+not-started \(mqtt:\/\/tb\.example:1883\)$/m);
    assert.match(text.stdout, /^token\s+present \(config\)$/m);

    const missing = diag(['status', '--data', join(dir, 'no-such-dir')]);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
    assert.match(missing.stderr, /no such directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kiosk-diag fleet status with the broker down says why in text', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'diag-fleet-'));
  // A port that was free a moment ago and is closed now: the broker is "down".
  const port = await new Promise<number>((res) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => res(p));
    });
  });
  const host = await Host.create(KioskConfig.parse({ kioskId: 'k-down', dataDir: dir, fleet: { url: `mqtt://127.0.0.1:${port}`, accessToken: 't' } }));
  const fleet = startFleet(host, { appVersion: '1.0.0', restart: () => undefined })!;
  try {
    const deadline = Date.now() + 10_000;
    while (!fleet.status.lastError && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(fleet.status.lastError, 'the fleet client saw the refused connection');
    await new Promise((r) => setTimeout(r, 400)); // the status file is written 200 ms after a change
    const r = diag(['status', '--data', dir]);
    assert.equal(r.status, 0, r.stderr);
    const line = r.stdout.split('\n').find((l) => l.startsWith('fleet')) ?? '';
    assert.match(line, new RegExp(`\\(mqtt://127\\.0\\.0\\.1:${port}\\): .*ECONNREFUSED`), r.stdout);
  } finally {
    await fleet.stop();
    await host.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(defaultKeyFilePath(dir), { force: true });
  }
});
