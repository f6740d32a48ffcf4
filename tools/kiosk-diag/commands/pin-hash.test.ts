import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KioskConfig } from '../../../contracts/config.js';
import { verifyPin } from '../../../main/host/diagnostics/pin-hash.js';
import { sealExport } from '../../../main/host/diagnostics/export-crypto.js';

const diag = (args: string[], input?: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ['tools/kiosk-diag.mjs', ...args], { encoding: 'utf8', timeout: 60_000, input, env: { ...process.env, ...env } });

test('kiosk-diag pin-hash: a hash the config accepts and that verifies the PIN; stdin or --pin; exit 2 on a bad PIN', async () => {
  const r = diag(['pin-hash', '--json'], '472519\n');
  assert.equal(r.status, 0, r.stderr);
  const { pinHash } = JSON.parse(r.stdout) as { pinHash: string };
  assert.equal(KioskConfig.parse({ diagnostics: { pinHash } }).diagnostics.pinHash, pinHash);
  assert.equal(await verifyPin('472519', pinHash), true);
  assert.equal(await verifyPin('472518', pinHash), false);
  const y = diag(['pin-hash', '--pin', '8080']);
  assert.equal(y.status, 0, y.stderr);
  assert.match(y.stdout, /^diagnostics:\n {2}pinHash: "scrypt\$16384\$8\$1\$/);
  assert.equal(diag(['pin-hash', '--pin', '12a4', '--json']).status, 2);
});

test('kiosk-diag decrypt-export opens a sealed export with the passphrase; a wrong one exits 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'diag-export-'));
  try {
    const file = join(dir, 'dead.okx.json');
    writeFileSync(file, JSON.stringify(await sealExport(Buffer.from('{"items":[]}'), 'a long passphrase')));
    const ok = diag(['decrypt-export', '--in', file, '--out', join(dir, 'out.json'), '--json'], 'a long passphrase\n');
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), { out: join(dir, 'out.json'), bytes: 12 });
    const bad = diag(['decrypt-export', '--in', file, '--out', join(dir, 'x.json')], undefined, { KIOSK_EXPORT_PASSPHRASE: 'not the passphrase' });
    assert.equal(bad.status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
