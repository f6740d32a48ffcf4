import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sm4 } from 'sm-crypto-v2';
import { createPayloadSealer, keyFingerprint, PayloadIntegrityError } from './payload-cipher.js';

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

test('SM4 block: GB/T 32907-2016 Appendix A example 1 (one block)', () => {
  const k = hex('0123456789abcdeffedcba9876543210');
  const out = sm4.encrypt(k, k, { padding: 'none', output: 'array' });
  assert.equal(Buffer.from(out).toString('hex'), '681edf34d206965e86b3e94f536e4246');
});

test('SM4-GCM: RFC 8998 Appendix A.1 vector', () => {
  const r = sm4.encrypt(
    hex('AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA'),
    hex('0123456789ABCDEFFEDCBA9876543210'),
    { mode: 'gcm', iv: hex('00001234567800000000ABCD'), associatedData: hex('FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2'), output: 'array', outputTag: true, padding: 'none' },
  );
  assert.equal(
    Buffer.from(r.output).toString('hex'),
    '17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d',
  );
  assert.equal(Buffer.from(r.tag!).toString('hex'), '83de3541e4c2b58177e065a9bf7b62ec');
});

for (const cipher of ['aes-256-gcm', 'sm4-gcm'] as const) {
  test(`${cipher}: round trip, fresh nonce per record, header names the algorithm`, () => {
    const s = createPayloadSealer(new Uint8Array(32).fill(7), cipher);
    const plain = Buffer.from('{"name":"欧阳晓明"}');
    const a = s.seal(plain, 'ctx');
    const b = s.seal(plain, 'ctx');
    assert.equal(a[0], 1);
    assert.equal(a[1], cipher === 'aes-256-gcm' ? 1 : 2);
    assert.notDeepEqual(a.subarray(2, 14), b.subarray(2, 14));
    assert.equal(a.length, 30 + plain.length);
    assert.ok(s.open(a, 'ctx').equals(plain));
    assert.throws(() => s.open(a, 'other-ctx'), PayloadIntegrityError);
  });
}

test('records sealed with one algorithm still open after the configured cipher changes', () => {
  const key = new Uint8Array(32).fill(3);
  const old = createPayloadSealer(key, 'aes-256-gcm').seal(Buffer.from('x'), 'c');
  assert.equal(createPayloadSealer(key, 'sm4-gcm').open(old, 'c').toString(), 'x');
});

test('another key fails authentication; the fingerprint tells keys apart without revealing them', () => {
  const s1 = createPayloadSealer(new Uint8Array(32).fill(1), 'sm4-gcm');
  const s2 = createPayloadSealer(new Uint8Array(32).fill(2), 'sm4-gcm');
  assert.throws(() => s2.open(s1.seal(Buffer.from('x'), 'c'), 'c'), PayloadIntegrityError);
  assert.notEqual(keyFingerprint(new Uint8Array(32).fill(1)), keyFingerprint(new Uint8Array(32).fill(2)));
  assert.throws(() => createPayloadSealer(new Uint8Array(16)));
});
