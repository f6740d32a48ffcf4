import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FirmwareUpdater, type FirmwareInstaller, type PendingUpdate } from './firmware-update.js';
import { makeEnvelope, trailerOf, type EnvelopeKind } from './update-signature.js';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-ota-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const release = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();

/** A package as the signing tool makes it: payload, then the envelope at its end. */
function signed(payload: Buffer, version: string, key: KeyObject = release.privateKey, kind: EnvelopeKind = 'package', title = 'openkiosk'): Buffer {
  const env = makeEnvelope({ kind, title, version, size: payload.length, sha256: createHash('sha256').update(payload).digest('hex') }, key);
  return Buffer.concat([payload, trailerOf(env)]);
}
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Rig {
  d: string;
  u: FirmwareUpdater;
  states: string[];
  errors: string[];
  installed: { version: string; bytes: Buffer; sha256: string }[];
  requests: string[];
  serve: Map<string, Buffer>;
}

/**
 * The updater with a ThingsBoard-like chunk source in memory: a chunk request is answered from
 * `serve` (keyed by version) after `delayMs`, as the broker would.
 */
function rig(opts: { installer?: Partial<FirmwareInstaller> | null; delayMs?: number; pending?: PendingUpdate; version?: string; dataDir?: string; idle?: () => boolean } = {}): Rig {
  const d = opts.dataDir ?? mkdtempSync(join(dir, 'ota-'));
  mkdirSync(join(d, 'fleet', 'firmware'), { recursive: true });
  if (opts.pending) writeFileSync(join(d, 'fleet', 'firmware', 'pending.json'), JSON.stringify(opts.pending));
  const r: Rig = { d, u: null as unknown as FirmwareUpdater, states: [], errors: [], installed: [], requests: [], serve: new Map() };
  let announced = '';
  const installer: FirmwareInstaller | null =
    opts.installer === null
      ? null
      : {
          updateKeyPem: pem(release.publicKey),
          unavailable: () => null,
          install: async (file, t) => void r.installed.push({ version: t.version, bytes: readFileSync(file), sha256: t.sha256 }),
          rolledBack: () => null,
          ...opts.installer,
        };
  r.u = new FirmwareUpdater({
    dataDir: d,
    currentVersion: opts.version ?? '1.0.0',
    installer,
    idle: opts.idle ?? (() => true),
    requestChunk: async (req, n, size) => {
      r.requests.push(`${announced}#${n}`);
      const pkg = r.serve.get(announced) ?? Buffer.alloc(0);
      const version = announced;
      setTimeout(() => {
        if (version === announced) r.u.onChunk(`v2/fw/response/${req}/chunk/${n}`, pkg.subarray(n * size, (n + 1) * size));
      }, opts.delayMs ?? 0);
    },
    report: (v) => {
      r.states.push(`${String(v.fw_state)}`);
      if (v.fw_error) r.errors.push(String(v.fw_error));
    },
    onState: () => undefined,
    audit: () => undefined,
    healthyAfterMs: 20,
    chunkTimeoutMs: 2000,
  });
  const announce = r.u.onAttributes.bind(r.u);
  r.u.onAttributes = (a) => {
    if (typeof a.fw_version === 'string') announced = a.fw_version;
    announce(a);
  };
  return r;
}

function announce(r: Rig, version: string, pkg: Buffer, extra: Record<string, unknown> = {}): void {
  r.serve.set(version, pkg);
  r.u.onAttributes({ fw_title: 'openkiosk', fw_version: version, fw_checksum: sha256(pkg), fw_checksum_algorithm: 'SHA256', fw_size: pkg.length, ...extra });
}

const firmwareFiles = (r: Rig) => readdirSync(join(r.d, 'fleet', 'firmware')).filter((f) => f !== 'pending.json');
const payload = Buffer.alloc(100_000, 7);

describe('OTA: only signed packages are installed', () => {
  it('installs a package signed by the release key, without the signature at its end', async () => {
    const r = rig();
    announce(r, '1.1.0', signed(payload, '1.1.0'));
    await r.u.idleNow();
    assert.deepEqual(r.states, ['DOWNLOADING', 'DOWNLOADED', 'VERIFIED', 'UPDATING']);
    assert.equal(r.installed.length, 1);
    assert.ok(r.installed[0]!.bytes.equals(payload), 'the payload alone');
    assert.equal(r.installed[0]!.sha256, sha256(payload));
    assert.deepEqual(firmwareFiles(r), [], 'the download is removed once handed over');
    r.u.stop();
  });

  it('refuses a tampered package whose ThingsBoard checksum was recomputed to match', async () => {
    const r = rig();
    const pkg = signed(payload, '1.1.0');
    pkg[10] = pkg[10]! ^ 0xff; // garbage in the body; the checksum beside it is that of the tampered file
    announce(r, '1.1.0', pkg);
    await r.u.idleNow();
    assert.deepEqual(r.states, ['DOWNLOADING', 'DOWNLOADED', 'FAILED']);
    assert.match(r.errors[0]!, /does not match its signature.*tampered/);
    assert.equal(r.installed.length, 0);
    assert.deepEqual(firmwareFiles(r), [], 'a failed package is removed');
    r.u.stop();
  });

  it('refuses a package signed with another key, and one not signed at all', async () => {
    const r = rig();
    announce(r, '1.1.0', signed(payload, '1.1.0', stranger.privateKey));
    await r.u.idleNow();
    assert.equal(r.states.at(-1), 'FAILED');
    assert.match(r.errors[0]!, /signed by key [0-9a-f]{16}, not the kiosk's update key/);
    announce(r, '1.2.0', payload);
    await r.u.idleNow();
    assert.match(r.errors[1]!, /not signed/);
    assert.equal(r.installed.length, 0);
    assert.deepEqual(firmwareFiles(r), []);
    r.u.stop();
  });

  it('refuses a validly signed package announced as another version (no replay of an old build)', async () => {
    const r = rig();
    announce(r, '1.1.0', signed(payload, '0.9.0'));
    await r.u.idleNow();
    assert.match(r.errors[0]!, /signed as version 0\.9\.0, announced as 1\.1\.0/);
    assert.equal(r.installed.length, 0);
    r.u.stop();
  });

  for (const alg of ['MD5', 'CRC32', 'SHA1', 'MURMUR3_128']) {
    it(`refuses a ${alg} checksum before downloading anything`, async () => {
      const r = rig();
      announce(r, '1.1.0', signed(payload, '1.1.0'), { fw_checksum_algorithm: alg, fw_checksum: 'ab'.repeat(8) });
      await r.u.idleNow();
      assert.deepEqual(r.states, ['FAILED']);
      assert.match(r.errors[0]!, new RegExp(`checksum algorithm ${alg} is too weak: use SHA256, SHA384 or SHA512`));
      assert.deepEqual(r.requests, [], 'no chunk requested');
      r.u.stop();
    });
  }

  it('rotates the update key by a key package the current key signed; the old key is then refused', async () => {
    const next = generateKeyPairSync('ed25519');
    const r = rig();
    r.u.onAttributes({ fw_title: 'openkiosk-update-key' });
    const keyPkg = signed(Buffer.from(pem(next.publicKey)), '2', release.privateKey, 'key', 'openkiosk-update-key');
    r.serve.set('2', keyPkg);
    r.u.onAttributes({ fw_title: 'openkiosk-update-key', fw_version: '2', fw_checksum: sha256(keyPkg), fw_checksum_algorithm: 'SHA256', fw_size: keyPkg.length });
    await r.u.idleNow();
    assert.deepEqual(r.states, ['DOWNLOADING', 'DOWNLOADED', 'VERIFIED', 'UPDATED']);
    assert.equal(r.installed.length, 0, 'a key package installs nothing');
    r.u.stop();

    // After a restart the rotated key holds (read back from the data dir and verified again).
    const r2 = rig({ dataDir: r.d });
    announce(r2, '1.1.0', signed(payload, '1.1.0', release.privateKey));
    await r2.u.idleNow();
    assert.match(r2.errors[0]!, /not the kiosk's update key/);
    announce(r2, '1.2.0', signed(payload, '1.2.0', next.privateKey));
    await r2.u.idleNow();
    assert.deepEqual(r2.installed.map((i) => i.version), ['1.2.0']);
    r2.u.stop();
  });
});

describe('OTA: one download at a time', () => {
  it('a newer announcement mid-download cancels the older one, which reports nothing and leaves no file', async () => {
    const r = rig({ delayMs: 15 });
    const big = Buffer.alloc(400_000, 1);
    announce(r, '1.1.0', signed(big, '1.1.0'));
    while (r.requests.length < 2) await new Promise((res) => setTimeout(res, 5));
    announce(r, '1.2.0', signed(payload, '1.2.0'));
    await r.u.idleNow();
    assert.deepEqual(r.states, ['DOWNLOADING', 'DOWNLOADING', 'DOWNLOADED', 'VERIFIED', 'UPDATING'], 'the old one never reports FAILED');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.installed.map((i) => i.version), ['1.2.0']);
    assert.ok(r.requests.filter((q) => q.startsWith('1.1.0')).length < 13, 'the old download stopped');
    assert.deepEqual(firmwareFiles(r), []);
    r.u.stop();
  });

  it('the same announcement again (a reconnect answers the attributes) does not start a second download', async () => {
    const r = rig({ delayMs: 5 });
    const pkg = signed(payload, '1.1.0');
    announce(r, '1.1.0', pkg);
    announce(r, '1.1.0', pkg);
    await r.u.idleNow();
    assert.equal(r.states.filter((s) => s === 'DOWNLOADING').length, 1);
    assert.equal(r.installed.length, 1);
    r.u.stop();
  });

  it('a package refused on its merits is not downloaded again when a reconnect announces it again; a transient failure is retried', async () => {
    const r = rig();
    const bad = signed(payload, '1.1.0', stranger.privateKey);
    announce(r, '1.1.0', bad);
    await r.u.idleNow();
    const asked = r.requests.length;
    announce(r, '1.1.0', bad);
    await r.u.idleNow();
    assert.equal(r.requests.length, asked, 'not fetched again');
    assert.deepEqual(r.states.filter((s) => s === 'FAILED'), ['FAILED']);
    r.u.stop();
  });

  it('waiting for an idle moment ends at stop, and the verified download is removed', async () => {
    const r = rig({ idle: () => false });
    announce(r, '1.1.0', signed(payload, '1.1.0'));
    while (!r.states.includes('VERIFIED')) await new Promise((res) => setTimeout(res, 5));
    r.u.stop();
    await r.u.idleNow();
    assert.deepEqual(r.states, ['DOWNLOADING', 'DOWNLOADED', 'VERIFIED'], 'a citizen was being served: no install');
    assert.equal(r.installed.length, 0);
    assert.deepEqual(firmwareFiles(r), []);
  });

  it('downloads nothing where nothing can install it (browser host, or not under the launcher), saying why once', async () => {
    const browser = rig({ installer: null });
    announce(browser, '1.1.0', signed(payload, '1.1.0'));
    announce(browser, '1.1.0', signed(payload, '1.1.0'));
    await browser.u.idleNow();
    assert.deepEqual(browser.states, ['FAILED']);
    assert.match(browser.errors[0]!, /no installer.*browser host/);
    assert.deepEqual(browser.requests, []);
    browser.u.stop();
    const bare = rig({ installer: { unavailable: () => 'not started by openkiosk-launcher' } });
    announce(bare, '1.1.0', signed(payload, '1.1.0'));
    await bare.u.idleNow();
    assert.deepEqual(bare.errors, ['not started by openkiosk-launcher']);
    assert.deepEqual(bare.requests, []);
    bare.u.stop();
  });

  it('an unusable built-in key refuses updates (with the reason) and nothing else breaks', async () => {
    const r = rig({ installer: { updateKeyPem: '' } });
    announce(r, '1.1.0', signed(payload, '1.1.0'));
    await r.u.idleNow();
    assert.match(r.errors[0]!, /update key built into this app is unusable/);
    assert.deepEqual(r.requests, []);
    r.u.stop();
  });

  it('leftover packages of an earlier run are removed at start', () => {
    const d = mkdtempSync(join(dir, 'ota-'));
    mkdirSync(join(d, 'fleet', 'firmware'), { recursive: true });
    writeFileSync(join(d, 'fleet', 'firmware', 'openkiosk-1.1.0.bin'), 'half a package');
    const r = rig({ dataDir: d });
    assert.deepEqual(firmwareFiles(r), []);
    r.u.stop();
  });
});

describe('OTA after a restart', () => {
  const pending: PendingUpdate = { title: 'openkiosk', fromVersion: '1.0.0', toVersion: '1.1.0', at: '' };

  it('UPDATED once the new version ran healthy', async () => {
    const r = rig({ version: '1.1.0', pending });
    r.u.resumeAfterStart();
    await new Promise((res) => setTimeout(res, 60));
    assert.deepEqual(r.states, ['UPDATED']);
    assert.ok(!existsSync(join(r.d, 'fleet', 'firmware', 'pending.json')));
    r.u.stop();
  });

  it('FAILED with the launcher\'s reason when it went back to the previous build', () => {
    const r = rig({ version: '1.0.0', pending, installer: { rolledBack: () => 'the update did not come up healthy in 3 starts; the launcher went back to the previous build' } });
    r.u.resumeAfterStart();
    assert.deepEqual(r.states, ['FAILED']);
    assert.match(r.errors[0]!, /^1\.1\.0: the update did not come up healthy in 3 starts/);
    assert.ok(!existsSync(join(r.d, 'fleet', 'firmware', 'pending.json')));
    r.u.stop();
  });

  it('FAILED when the old version is still running after the install', () => {
    const r = rig({ version: '1.0.0', pending });
    r.u.resumeAfterStart();
    assert.match(r.errors[0]!, /still running 1\.0\.0 after installing 1\.1\.0/);
    r.u.stop();
  });
});
