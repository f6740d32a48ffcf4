import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const diag = (args: string[]) => spawnSync(process.execPath, ['tools/kiosk-diag.mjs', 'health', ...args], { encoding: 'utf8', timeout: 60_000 });
const STATES = ['offline', 'ready', 'busy', 'error'];

describe('kiosk-diag health', () => {
  it('lists every device of the default simulated kiosk as ready', () => {
    const r = diag(['--json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { devices: { id: string; kind: string; state: string; detail: string | null }[] };
    assert.deepEqual(out.devices.map((d) => d.kind).sort(), ['document-printer', 'idcard-reader', 'receipt-printer', 'scanner']);
    for (const d of out.devices) {
      assert.ok(STATES.includes(d.state), `${d.id}: ${d.state}`);
      assert.equal(d.state, 'ready', `${d.id} is ${d.state} (${d.detail})`);
    }
  });

  it('reports an unplugged reader and an unreachable printer as offline with a suggested action', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-health-test-'));
    try {
      const cfg = join(dir, 'k.yaml');
      writeFileSync(cfg, 'devices:\n  idCardReader: { transport: serial, path: /dev/ttyNOPE0 }\n  receiptPrinter: { uri: "tcp://127.0.0.1:9" }\n');
      const r = diag(['--config', cfg, '--json']);
      assert.equal(r.status, 0, r.stderr);
      const byKind = new Map((JSON.parse(r.stdout) as { devices: { kind: string; state: string; action: string }[] }).devices.map((d) => [d.kind, d]));
      assert.equal(byKind.get('idcard-reader')?.state, 'offline');
      assert.equal(byKind.get('receipt-printer')?.state, 'offline');
      assert.equal(byKind.get('receipt-printer')?.action, 'reconnect');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bad config is a usage error (exit 2) with one JSON error object', () => {
    const r = diag(['--config', '/nonexistent/k.yaml', '--json']);
    assert.equal(r.status, 2);
    assert.equal((JSON.parse(r.stdout) as { error: { code: string } }).error.code, 'usage');
  });
});
