import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FirmwareUpdater } from '../host/fleet/firmware-update.js';
import { makeEnvelope, trailerOf } from '../host/fleet/update-signature.js';
import { APP_ROOT } from '../host/version.js';
import { installTarget, markHealthy, stageUpdate, takeRollbackNote } from './fleet-installer.js';
import { acceptDownloaded, fetchSmallText } from './update-verify.js';

const LAUNCHER = join(APP_ROOT, 'build', 'linux', 'openkiosk-launcher.sh');
const root = mkdtempSync(join(tmpdir(), 'kiosk-launcher-'));
after(() => rmSync(root, { recursive: true, force: true }));

/**
 * A fake build: a shell script standing in for an AppImage. It logs its name and the launcher dir it
 * was given; a good one writes the health mark as the app does once it is up; a broken one exits 1 at
 * start, as a build that cannot start does.
 */
const build = (name: string, healthy: boolean) =>
  Buffer.from(`#!/bin/sh\necho "${name}" >>"$KIOSK_LAUNCHER_DIR/../runs.log"\n${healthy ? 'echo up >"$KIOSK_LAUNCHER_DIR/healthy"\nexit 0' : 'exit 1'}\n`);

function site() {
  const d = mkdtempSync(join(root, 'site-'));
  const factory = join(d, 'factory-build');
  writeFileSync(factory, build('factory', true), { mode: 0o755 });
  const state = join(d, 'launcher');
  /** One start by systemd (Restart=always): the launcher decides what runs and execs it. */
  const start = () => spawnSync('sh', [LAUNCHER], { env: { PATH: process.env.PATH, KIOSK_DATA_DIR: d, KIOSK_FACTORY_BUILD: factory, KIOSK_MAX_UNHEALTHY_STARTS: '3' }, encoding: 'utf8' });
  const runs = () => (existsSync(join(d, 'runs.log')) ? readFileSync(join(d, 'runs.log'), 'utf8').trim().split('\n') : []);
  return { d, state, factory, start, runs };
}

describe('launcher (build/linux/openkiosk-launcher.sh): installs staged builds, rolls a broken one back', () => {
  it('installs a staged build and keeps it once it has come up healthy', async () => {
    const s = site();
    s.start();
    mkdirSync(s.state, { recursive: true });
    const pkg = join(s.d, 'v2.bin');
    writeFileSync(pkg, build('v2', true));
    await stageUpdate(s.state, pkg, createHash('sha256').update(readFileSync(pkg)).digest('hex'));
    s.start();
    s.start();
    s.start();
    assert.deepEqual(s.runs(), ['factory', 'v2', 'v2', 'v2']);
    assert.ok(!existsSync(join(s.state, 'probation')), 'probation over');
    assert.equal(takeRollbackNote(s.state), null);
  });

  it('goes back to the previous build after 3 starts of a build that exits at start, and says why', async () => {
    const s = site();
    mkdirSync(s.state, { recursive: true });
    const good = join(s.d, 'v2.bin');
    writeFileSync(good, build('v2', true));
    await stageUpdate(s.state, good, createHash('sha256').update(readFileSync(good)).digest('hex'));
    s.start();
    const bad = join(s.d, 'v3.bin');
    writeFileSync(bad, build('v3', false));
    await stageUpdate(s.state, bad, createHash('sha256').update(readFileSync(bad)).digest('hex'));
    const codes = [1, 2, 3, 4, 5].map(() => s.start().status);
    assert.deepEqual(s.runs(), ['v2', 'v3', 'v3', 'v3', 'v2', 'v2']);
    assert.deepEqual(codes, [1, 1, 1, 0, 0]);
    assert.match(takeRollbackNote(s.state)!, /did not come up healthy in 3 starts/);
    assert.equal(takeRollbackNote(s.state), null, 'read once');
  });

  it('with no earlier update, a broken first update goes back to the factory build', async () => {
    const s = site();
    mkdirSync(s.state, { recursive: true });
    const bad = join(s.d, 'v2.bin');
    writeFileSync(bad, build('v2', false));
    await stageUpdate(s.state, bad, createHash('sha256').update(readFileSync(bad)).digest('hex'));
    for (let i = 0; i < 5; i++) s.start();
    assert.deepEqual(s.runs(), ['v2', 'v2', 'v2', 'factory', 'factory']);
    assert.ok(!existsSync(join(s.state, 'current.AppImage')));
  });

  it('stages only exactly the verified bytes', async () => {
    const s = site();
    mkdirSync(s.state, { recursive: true });
    const f = join(s.d, 'v2.bin');
    writeFileSync(f, build('v2', true));
    await assert.rejects(stageUpdate(s.state, f, '00'.repeat(32)), /does not match the verified package/);
    assert.ok(!existsSync(join(s.state, 'pending.AppImage')) && !existsSync(join(s.state, 'pending.AppImage.tmp')));
  });

  it('the health mark and the install target come from the launcher', () => {
    const s = site();
    mkdirSync(s.state, { recursive: true });
    markHealthy(s.state, '1.2.3');
    assert.match(readFileSync(join(s.state, 'healthy'), 'utf8'), /^1\.2\.3 /);
    assert.deepEqual(installTarget({ KIOSK_LAUNCHER_DIR: '/var/lib/openkiosk/launcher' }), { kind: 'launcher', dir: '/var/lib/openkiosk/launcher' });
    assert.match((installTarget({ APPIMAGE: '/opt/k.AppImage' }) as { reason: string }).reason, /not started by openkiosk-launcher/);
  });

  it('is plain POSIX sh', () => {
    assert.equal(statSync(LAUNCHER).mode & 0o111, 0o111, 'executable');
    execFileSync('sh', ['-n', LAUNCHER]);
    if (existsSync('/bin/dash')) execFileSync('/bin/dash', ['-n', LAUNCHER]);
  });
});

describe('a fleet update end to end on the AppImage path (no Electron: the host updater, the installer, the launcher)', () => {
  const release = generateKeyPairSync('ed25519');
  const signedPackage = (payload: Buffer, version: string, key = release.privateKey) =>
    Buffer.concat([payload, trailerOf(makeEnvelope({ kind: 'package', title: 'openkiosk', version, size: payload.length, sha256: createHash('sha256').update(payload).digest('hex') }, key))]);

  /** The kiosk at `version` taking `pkg` as announced; its installer stages for the launcher like main.ts's. */
  async function offer(s: ReturnType<typeof site>, version: string, pkg: Buffer) {
    const states: string[] = [];
    const errors: string[] = [];
    const u: FirmwareUpdater = new FirmwareUpdater({
      dataDir: s.d,
      currentVersion: '1.0.0',
      installer: {
        updateKeyPem: release.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        unavailable: () => null,
        install: (file, t) => stageUpdate(s.state, file, t.sha256),
        rolledBack: () => takeRollbackNote(s.state),
      },
      idle: () => true,
      requestChunk: async (req, n, size) => void setImmediate(() => u.onChunk(`v2/fw/response/${req}/chunk/${n}`, pkg.subarray(n * size, (n + 1) * size))),
      report: (v) => (states.push(String(v.fw_state)), v.fw_error && errors.push(String(v.fw_error))),
      onState: () => undefined,
      audit: () => undefined,
      healthyAfterMs: 10,
    });
    mkdirSync(s.state, { recursive: true });
    u.onAttributes({ fw_title: 'openkiosk', fw_version: version, fw_checksum: createHash('sha256').update(pkg).digest('hex'), fw_checksum_algorithm: 'SHA256', fw_size: pkg.length });
    await u.idleNow();
    return { u, states, errors };
  }

  it('a tampered package and a wrongly signed one never reach the launcher; the factory build keeps running', async () => {
    const s = site();
    const tampered = signedPackage(build('evil', true), '2.0.0');
    tampered.write('#!/bin/sh\necho pwned', 0);
    const t = await offer(s, '2.0.0', tampered);
    assert.match(t.errors[0]!, /tampered/);
    t.u.stop();
    const w = await offer(s, '2.0.0', signedPackage(build('evil', true), '2.0.0', generateKeyPairSync('ed25519').privateKey));
    assert.match(w.errors[0]!, /not the kiosk's update key/);
    w.u.stop();
    assert.ok(!existsSync(join(s.state, 'pending.AppImage')));
    s.start();
    assert.deepEqual(s.runs(), ['factory']);
  });

  it('a signed build that exits at start is installed, rolled back by the launcher after 3 starts, and reported FAILED by the old build', async () => {
    const s = site();
    const o = await offer(s, '2.0.0', signedPackage(build('v2-broken', false), '2.0.0'));
    assert.deepEqual(o.states, ['DOWNLOADING', 'DOWNLOADED', 'VERIFIED', 'UPDATING']);
    o.u.stop();
    for (let i = 0; i < 4; i++) s.start();
    assert.deepEqual(s.runs(), ['v2-broken', 'v2-broken', 'v2-broken', 'factory']);
    // The factory build (1.0.0) starts, finds its pending update and the launcher's note.
    const states: string[] = [];
    const errors: string[] = [];
    const u = new FirmwareUpdater({
      dataDir: s.d,
      currentVersion: '1.0.0',
      installer: { updateKeyPem: release.publicKey.export({ type: 'spki', format: 'pem' }).toString(), unavailable: () => null, install: async () => undefined, rolledBack: () => takeRollbackNote(s.state) },
      idle: () => true,
      requestChunk: async () => undefined,
      report: (v) => (states.push(String(v.fw_state)), v.fw_error && errors.push(String(v.fw_error))),
      onState: () => undefined,
      audit: () => undefined,
    });
    u.resumeAfterStart();
    u.stop();
    assert.deepEqual(states, ['FAILED']);
    assert.match(errors[0]!, /^2\.0\.0: the update did not come up healthy in 3 starts; the launcher went back/);
  });
});

describe("electron-updater's path (no Electron: the signature fetched from a real HTTP feed, the launcher)", () => {
  const release = generateKeyPairSync('ed25519');
  const envelopeOf = (body: Buffer, version: string, key = release.privateKey) =>
    JSON.stringify(makeEnvelope({ kind: 'package', title: 'openkiosk', version, size: body.length, sha256: createHash('sha256').update(body).digest('hex') }, key));

  /** A generic-provider feed on loopback serving only signatures (the artefact is "already downloaded"). */
  async function feed(sigs: Record<string, string>) {
    const server = createServer((req, res) => {
      const body = sigs[req.url ?? ''];
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' }).end(body ?? 'not found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/kiosk`, close: () => new Promise((r) => server.close(r)) };
  }

  it('refuses a tampered artefact, a wrongly signed one and a missing signature; stages a signed one that exits at start, which the launcher rolls back', async () => {
    const s = site();
    mkdirSync(s.state, { recursive: true });
    const good = build('v2-updater-broken', false);
    const file = join(s.d, 'OpenKiosk-2.0.0.AppImage');
    writeFileSync(file, good);
    const f = await feed({
      '/kiosk/OpenKiosk-2.0.0.AppImage.sig': envelopeOf(good, '2.0.0'),
      '/kiosk/Wrong-2.0.0.AppImage.sig': envelopeOf(good, '2.0.0', generateKeyPairSync('ed25519').privateKey),
    });
    try {
      const info = (name: string) => ({ version: '2.0.0', downloadedFile: join(s.d, name), files: [{ url: name }] });
      const tampered = join(s.d, 'tampered', 'OpenKiosk-2.0.0.AppImage');
      mkdirSync(join(s.d, 'tampered'));
      writeFileSync(tampered, Buffer.concat([good, Buffer.from('\n# one more line')]));
      await assert.rejects(acceptDownloaded(f.url, { ...info('OpenKiosk-2.0.0.AppImage'), downloadedFile: tampered }, release.publicKey, (u) => fetchSmallText(u)), /signed payload is \d+ bytes/);
      writeFileSync(join(s.d, 'Wrong-2.0.0.AppImage'), good);
      await assert.rejects(acceptDownloaded(f.url, info('Wrong-2.0.0.AppImage'), release.publicKey, (u) => fetchSmallText(u)), /not the kiosk's update key/);
      writeFileSync(join(s.d, 'Unsigned-2.0.0.AppImage'), good);
      await assert.rejects(acceptDownloaded(f.url, info('Unsigned-2.0.0.AppImage'), release.publicKey, (u) => fetchSmallText(u)), /HTTP 404/);

      const ok = await acceptDownloaded(f.url, info('OpenKiosk-2.0.0.AppImage'), release.publicKey, (u) => fetchSmallText(u));
      await stageUpdate(s.state, ok.file, ok.sha256);
      for (let i = 0; i < 4; i++) s.start();
      assert.deepEqual(s.runs(), ['v2-updater-broken', 'v2-updater-broken', 'v2-updater-broken', 'factory']);
      assert.match(takeRollbackNote(s.state)!, /did not come up healthy/);
    } finally {
      await f.close();
    }
  });
});
