import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UpdateKeys } from './update-keys.js';
import { keyIdOf, makeEnvelope, readTrailer, TRAILER_MAGIC, trailerOf, verifySignedPackage, type EnvelopeKind } from './update-signature.js';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-update-sig-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const k1 = generateKeyPairSync('ed25519');
const k2 = generateKeyPairSync('ed25519');
const k3 = generateKeyPairSync('ed25519');
const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const envelopeFor = (payload: Buffer, key: KeyObject, kind: EnvelopeKind = 'package', version = '2.0.0') => makeEnvelope({ kind, title: 'openkiosk', version, size: payload.length, sha256: sha(payload) }, key);
let n = 0;
const file = (b: Buffer) => {
  const f = join(dir, `f${n++}`);
  writeFileSync(f, b);
  return f;
};

describe('update signatures (Ed25519 envelope at the end of a package)', () => {
  const payload = Buffer.from('#!/bin/sh\necho new build\n');
  const good = file(Buffer.concat([payload, trailerOf(envelopeFor(payload, k1.privateKey))]));

  it('verifies a package signed by the key, for its kind, title and version', async () => {
    const r = await verifySignedPackage(good, k1.publicKey, { kind: 'package', title: 'openkiosk', version: '2.0.0' });
    assert.ok(r.ok);
    assert.equal(r.payloadSize, payload.length);
    assert.equal(r.envelope.keyId, keyIdOf(k1.publicKey));
  });

  it('refuses: another key, another kind, another title, a tampered payload, a tampered field, a missing signature', async () => {
    const expect: { kind: EnvelopeKind; title: string; version: string } = { kind: 'package', title: 'openkiosk', version: '2.0.0' };
    const err = async (f: string, e = expect, key = k1.publicKey) => {
      const r = await verifySignedPackage(f, key, e);
      assert.ok(!r.ok);
      return r.error;
    };
    assert.match(await err(good, expect, k2.publicKey), /not the kiosk's update key/);
    assert.match(await err(good, { ...expect, kind: 'key' }), /signed as a package, expected a key/);
    assert.match(await err(good, { ...expect, title: 'other' }), /signed for openkiosk, announced as other/);
    const bytes = readFileSync(good);
    const body = Buffer.from(bytes);
    body[0] = 0x21;
    assert.match(await err(file(body)), /tampered/);
    const env = envelopeFor(payload, k1.privateKey);
    assert.match(await err(file(Buffer.concat([payload, trailerOf({ ...env, version: '3.0.0' })])), { ...expect, version: '3.0.0' }), /bad signature/);
    assert.match(await err(file(Buffer.concat([payload, trailerOf({ ...env, size: env.size - 1 })]))), /bad signature/);
    assert.match(await err(file(payload)), /not signed/);
    assert.match(await err(file(Buffer.alloc(3))), /not signed \(too short/);
  });

  it('hostile trailers are refused before any large read: a huge length, junk JSON, a wrong shape', async () => {
    const len = (v: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(v);
      return b;
    };
    await assert.rejects(readTrailer(file(Buffer.concat([Buffer.alloc(10), len(0xffffffff), TRAILER_MAGIC]))), /length 4294967295 out of range/);
    await assert.rejects(readTrailer(file(Buffer.concat([Buffer.from('{nope'), len(5), TRAILER_MAGIC]))), /not JSON/);
    const j = Buffer.from(JSON.stringify({ format: 'openkiosk-update-signature/1', kind: 'package', title: 'x', version: '1', size: -1, sha256: 'a'.repeat(64), keyId: 'k', signature: 's' }));
    await assert.rejects(readTrailer(file(Buffer.concat([j, len(j.length), TRAILER_MAGIC]))), /size is not a byte count/);
    const proto = Buffer.from('{"__proto__":{"kind":"package"}}');
    await assert.rejects(readTrailer(file(Buffer.concat([proto, len(proto.length), TRAILER_MAGIC]))), /format/);
  });
});

describe('update key rotation', () => {
  const rotation = (next: KeyObject, signer: KeyObject) => {
    const p = Buffer.from(pem(next));
    return { publicKeyPem: p.toString(), envelope: envelopeFor(p, signer, 'key', '2') };
  };

  it('moves along a chain each link of which the key before signed; a restart reads it back', () => {
    const chainFile = join(dir, 'chain-ok.json');
    const keys = new UpdateKeys(pem(k1.publicKey), chainFile);
    assert.equal(keys.currentId(), keyIdOf(k1.publicKey));
    const r2 = rotation(k2.publicKey, k1.privateKey);
    keys.rotate(r2.publicKeyPem, r2.envelope);
    const r3 = rotation(k3.publicKey, k2.privateKey);
    keys.rotate(r3.publicKeyPem, r3.envelope);
    assert.equal(keys.currentId(), keyIdOf(k3.publicKey));
    assert.equal(new UpdateKeys(pem(k1.publicKey), chainFile).currentId(), keyIdOf(k3.publicKey));
    // A newer build that ships k2 as its built-in key continues from there.
    assert.equal(new UpdateKeys(pem(k2.publicKey), chainFile).currentId(), keyIdOf(k3.publicKey));
  });

  it('refuses a rotation the current key did not sign, and ignores a forged record written to the data dir', () => {
    const chainFile = join(dir, 'chain-forged.json');
    const keys = new UpdateKeys(pem(k1.publicKey), chainFile);
    const forged = rotation(k3.publicKey, k3.privateKey);
    assert.throws(() => keys.rotate(forged.publicKeyPem, forged.envelope), /not signed by the current update key/);
    writeFileSync(chainFile, JSON.stringify([forged]));
    assert.equal(new UpdateKeys(pem(k1.publicKey), chainFile).currentId(), keyIdOf(k1.publicKey));
    writeFileSync(chainFile, '{not json');
    assert.equal(new UpdateKeys(pem(k1.publicKey), chainFile).currentId(), keyIdOf(k1.publicKey));
  });

  it('only Ed25519 keys are update keys', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    assert.throws(() => new UpdateKeys(pem(rsa.publicKey), join(dir, 'x.json')), /Ed25519, not rsa/);
  });

  it('the built-in key file is an Ed25519 public key', () => {
    assert.match(UpdateKeys.load(dir).currentId(), /^[0-9a-f]{16}$/);
  });
});
