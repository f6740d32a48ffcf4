import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
