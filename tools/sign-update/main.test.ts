import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { publicKeyFromPem, verifyEnvelope, verifySignedPackage, parseEnvelope } from '../../main/host/fleet/update-signature.js';
import { main } from './main.js';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-sign-update-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run sign-update', () => {
  const keys = join(dir, 'keys');
  const pkg = join(dir, 'OpenKiosk-2.0.0.AppImage');
  writeFileSync(pkg, Buffer.from('an AppImage'));

  it('makes a key pair (private key 0600), signs a package for ThingsBoard and for the update server', async () => {
    const k = await run('keygen', '--out', keys);
    assert.equal(k.code, 0, k.err);
    assert.equal(statSync(join(keys, 'openkiosk-update.key.pem')).mode & 0o777, 0o600);
    assert.equal((await run('keygen', '--out', keys)).code, 1, 'never overwrites a key');
    const s = await run('--key', join(keys, 'openkiosk-update.key.pem'), '--version', '2.0.0', pkg);
    assert.equal(s.code, 0, s.err);
    assert.match(s.out, /ThingsBoard checksum SHA256 [0-9a-f]{64}/);
    const pub = publicKeyFromPem(readFileSync(join(keys, 'openkiosk-update.pub.pem'), 'utf8'));
    assert.ok((await verifySignedPackage(`${pkg}.signed`, pub, { kind: 'package', title: 'openkiosk', version: '2.0.0' })).ok);
    const detached = parseEnvelope(JSON.parse(readFileSync(`${pkg}.sig`, 'utf8')));
    assert.ok((await verifyEnvelope(pkg, detached, statSync(pkg).size, pub, { kind: 'package', version: '2.0.0' })).ok);
  });

  it('signs off the build machine: the message out, a signature made by openssl with the offline key, attached and checked', async () => {
    const pubFile = join(keys, 'openkiosk-update.pub.pem');
    const m = await run('--public-key', pubFile, '--print-message', '--version', '2.0.0', pkg);
    assert.equal(m.code, 0, m.err);
    const openssl = spawnSync('openssl', ['pkeyutl', '-sign', '-rawin', '-inkey', join(keys, 'openkiosk-update.key.pem'), '-in', `${pkg}.msg`, '-out', `${pkg}.msg.sig`]);
    if (openssl.status !== 0) return assert.fail(`openssl: ${openssl.stderr.toString()}`);
    rmSync(`${pkg}.signed`);
    const a = await run('--public-key', pubFile, '--signature', `${pkg}.msg.sig`, '--version', '2.0.0', pkg);
    assert.equal(a.code, 0, a.err);
    assert.ok((await verifySignedPackage(`${pkg}.signed`, publicKeyFromPem(readFileSync(pubFile, 'utf8')), { kind: 'package', version: '2.0.0' })).ok);
    // A signature of something else (another version) is refused before anything is written.
    const wrong = await run('--public-key', pubFile, '--signature', `${pkg}.msg.sig`, '--version', '2.0.1', pkg);
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /is not a signature of/);
  });

  it('makes a key-rotation package (a new public key signed with the current key) and refuses a non-key payload', async () => {
    const next = join(dir, 'next');
    await run('keygen', '--out', next);
    const r = await run('--key', join(keys, 'openkiosk-update.key.pem'), '--kind', 'key', '--title', 'openkiosk-update-key', '--version', '2', join(next, 'openkiosk-update.pub.pem'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /key openkiosk-update-key 2/);
    const bad = await run('--key', join(keys, 'openkiosk-update.key.pem'), '--kind', 'key', pkg);
    assert.equal(bad.code, 1);
  });

  it('usage errors exit 2; the npm entry runs', async () => {
    assert.equal((await run()).code, 2);
    assert.equal((await run('--bogus')).code, 2);
    assert.match(execFileSync(process.execPath, ['tools/sign-update.mjs', '--help'], { encoding: 'utf8' }), /usage:/);
  });
});
