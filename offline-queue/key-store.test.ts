import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createFileKeyStore, createSafeStorageKeyStore, defaultKeyFilePath } from './key-store.js';
import { tempDirs } from './test-support/temp-outbox.js';

test('file key store: 0600 file, 32 random bytes, stable across loads, refused when readable by others', async () => {
  const dirs = tempDirs();
  try {
    const ks = createFileKeyStore(dirs.keyFile);
    const k1 = await ks.loadOrCreateKey();
    const k2 = await createFileKeyStore(dirs.keyFile).loadOrCreateKey();
    assert.equal(k1.length, 32);
    assert.deepEqual(k1, k2);
    assert.equal(statSync(dirs.keyFile).mode & 0o777, 0o600);
    chmodSync(dirs.keyFile, 0o644);
    await assert.rejects(ks.loadOrCreateKey(), /0600/);
  } finally {
    dirs.cleanup();
  }
});

test('two processes racing to create the key end up with one key', async () => {
  const dirs = tempDirs();
  try {
    const keys = await Promise.all(Array.from({ length: 8 }, () => createFileKeyStore(dirs.keyFile).loadOrCreateKey()));
    for (const k of keys) assert.deepEqual(k, keys[0]);
  } finally {
    dirs.cleanup();
  }
});

test('safeStorage-shaped key store keeps only the wrapped key on disk', async () => {
  const dirs = tempDirs();
  try {
    // A stand-in for Electron's safeStorage: XOR "wrapping" is enough to prove the plumbing.
    const wrap = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
    const fake = { encryptString: (s: string) => wrap(Buffer.from(s, 'utf8')), decryptString: (b: Buffer) => wrap(b).toString('utf8'), isEncryptionAvailable: () => true };
    const file = join(dirs.root, 'key.safe');
    const k1 = await createSafeStorageKeyStore(file, fake).loadOrCreateKey();
    const k2 = await createSafeStorageKeyStore(file, fake).loadOrCreateKey();
    assert.deepEqual(k1, k2);
    assert.equal(readFileSync(file).indexOf(Buffer.from(Buffer.from(k1).toString('base64'))), -1);
    await assert.rejects(createSafeStorageKeyStore(join(dirs.root, 'x'), { ...fake, isEncryptionAvailable: () => false }).loadOrCreateKey(), /secret store/);
  } finally {
    dirs.cleanup();
  }
});

test('default key path is the data directory’s sibling; KIOSK_OUTBOX_KEY_FILE overrides', () => {
  assert.equal(defaultKeyFilePath('/srv/kiosk/data', {}), '/srv/kiosk/data.outbox-key');
  assert.equal(defaultKeyFilePath('/srv/kiosk/data/', {}), '/srv/kiosk/data.outbox-key');
  assert.equal(defaultKeyFilePath('/srv/kiosk/data', { KIOSK_OUTBOX_KEY_FILE: 'k' }), resolve('k'));
});
