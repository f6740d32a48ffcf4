import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeEnvelope } from '../host/fleet/update-signature.js';
import { checkDownloadedUpdate, signatureUrl } from './update-verify.js';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-updater-sig-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("electron-updater's path: a detached signature beside each artefact", () => {
  const release = generateKeyPairSync('ed25519');
  const artefact = Buffer.from('an AppImage, byte for byte');
  const file = join(dir, 'OpenKiosk-1.2.0.AppImage');
  writeFileSync(file, artefact);
  const sig = (key = release.privateKey, version = '1.2.0', body = artefact) =>
    JSON.stringify(makeEnvelope({ kind: 'package', title: 'openkiosk', version, size: body.length, sha256: createHash('sha256').update(body).digest('hex') }, key));

  it('finds <artefact>.sig beside the artefact on the feed', () => {
    assert.equal(signatureUrl('https://u.example.gov.cn/kiosk/', '/cache/OpenKiosk-1.2.0.AppImage', [{ url: 'OpenKiosk-1.2.0.AppImage' }]), 'https://u.example.gov.cn/kiosk/OpenKiosk-1.2.0.AppImage.sig');
    assert.equal(signatureUrl('https://u.example.gov.cn/kiosk', '/cache/x.deb', [{ url: 'a.AppImage' }, { url: 'sub/x.deb' }]), 'https://u.example.gov.cn/kiosk/sub/x.deb.sig');
  });

  it('accepts the release-signed artefact; refuses a tampered one, a wrong key, another version, a junk or huge signature file', async () => {
    assert.equal((await checkDownloadedUpdate(file, sig(), release.publicKey, '1.2.0')).ok, true);
    const err = async (f: string, s: string, version = '1.2.0') => {
      const r = await checkDownloadedUpdate(f, s, release.publicKey, version);
      assert.ok(!r.ok);
      return r.error;
    };
    const tampered = join(dir, 'tampered.AppImage');
    writeFileSync(tampered, Buffer.from('an AppImage, byte for bytf'));
    assert.match(await err(tampered, sig()), /tampered/);
    assert.match(await err(file, sig(generateKeyPairSync('ed25519').privateKey)), /not the kiosk's update key/);
    assert.match(await err(file, sig(release.privateKey, '1.1.0')), /signed as version 1\.1\.0, announced as 1\.2\.0/);
    assert.match(await err(file, '<html>404</html>'), /unreadable/);
    assert.match(await err(file, ' '.repeat(5000)), /larger than 4096/);
  });
});
