import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { PayloadIntegrityError, type CipherName } from './payload-cipher.js';
import { openTestOutbox, tempDirs } from './test-support/temp-outbox.js';

const PEOPLE = [
  { name: '欧阳晓明', idNumber: '320508195602290013', address: '江苏省苏州市姑苏区人民路100号' },
  { name: 'Zhang Weiming', idNumber: '11010519491231002X', address: 'Room 5, Chaoyang Rd' },
];

function fileBytes(path: string): Buffer {
  return existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
}

function assertNoPlaintext(files: string[]): void {
  const all = Buffer.concat(files.map(fileBytes));
  assert.ok(all.length > 0);
  for (const p of PEOPLE) {
    for (const needle of [p.name, p.idNumber, p.address, p.idNumber.slice(0, 14)]) {
      assert.equal(all.indexOf(Buffer.from(needle, 'utf8')), -1, `plaintext "${needle.slice(0, 2)}…" found in the database files`);
      assert.equal(all.indexOf(Buffer.from(needle, 'utf16le')), -1);
    }
  }
}

for (const cipher of ['aes-256-gcm', 'sm4-gcm'] as CipherName[]) {
  test(`${cipher}: the database file and its WAL hold no plaintext name or ID number`, async () => {
    const dirs = tempDirs();
    try {
      const outbox = await openTestOutbox(dirs, { cipher });
      for (let i = 0; i < 50; i++) outbox.enqueue('svc.enc', { applicant: PEOPLE[i % 2], i });
      const files = [outbox.file, `${outbox.file}-wal`];
      assert.ok(fileBytes(`${outbox.file}-wal`).length > 0, 'the WAL is being checked while it holds the commits');
      assertNoPlaintext(files);
      // The sealed body round-trips to the exact canonical JSON.
      const [row] = outbox.claimDue(1);
      const body = JSON.parse(outbox.openBody(row!).toString('utf8')) as { payload: { applicant: { name: string } } };
      assert.equal(body.payload.applicant.name, PEOPLE[0]!.name);
      outbox.close();
      assertNoPlaintext(files);
      // The key is not in the database either.
      const key = readFileSync(dirs.keyFile, 'ascii').trim();
      assertNoPlaintext([outbox.file]);
      assert.equal(fileBytes(outbox.file).indexOf(Buffer.from(key, 'ascii')), -1);
      assert.equal(fileBytes(outbox.file).indexOf(Buffer.from(key, 'hex')), -1);
    } finally {
      dirs.cleanup();
    }
  });

  test(`${cipher}: tampered, truncated or swapped ciphertexts are detected, never decrypted`, async () => {
    const dirs = tempDirs();
    try {
      const outbox = await openTestOutbox(dirs, { cipher });
      const a = outbox.enqueue('svc.enc', { applicant: PEOPLE[0] });
      const b = outbox.enqueue('svc.enc', { applicant: PEOPLE[1] });
      const db = new Database(outbox.file);
      const get = (id: string) => (db.prepare('SELECT body FROM submissions WHERE id = ?').get(id) as { body: Buffer }).body;
      const original = get(a);
      const rows = () => Object.fromEntries(outbox.claimDue(10).map((r) => [r.id, r]));
      // Every single-bit flip anywhere in the record (header, nonce, tag, ciphertext) must fail.
      for (const pos of [0, 1, 2, 13, 14, 29, 30, original.length - 1]) {
        const t = Buffer.from(original);
        t[pos]! ^= 0x40;
        db.prepare('UPDATE submissions SET body = ?, state = ? WHERE id = ?').run(t, 'pending', a);
        const r = rows()[a]!;
        assert.throws(() => outbox.openBody(r), (e: unknown) => e instanceof PayloadIntegrityError && e.name === 'PayloadIntegrityError', `flip at ${pos}`);
      }
      db.prepare('UPDATE submissions SET body = ?, state = ? WHERE id = ?').run(original.subarray(0, 20), 'pending', a);
      assert.throws(() => outbox.openBody(rows()[a]!), PayloadIntegrityError);
      // A valid ciphertext moved to another row does not open there (AAD binds id + serviceId).
      db.prepare("UPDATE submissions SET body = ?, state = 'pending' WHERE id = ?").run(get(b), a);
      assert.throws(() => outbox.openBody(rows()[a]!), PayloadIntegrityError);
      assert.throws(() => outbox.openBody({ id: b, serviceId: 'svc.other', sealed: get(b) }), PayloadIntegrityError);
      // The untouched row still opens.
      assert.doesNotThrow(() => outbox.openBody({ id: b, serviceId: 'svc.enc', sealed: get(b) }));
      db.close();
      outbox.close();
    } finally {
      dirs.cleanup();
    }
  });
}

test('opening the database with another key is refused before anything is read', async () => {
  const dirs = tempDirs();
  try {
    const outbox = await openTestOutbox(dirs);
    outbox.enqueue('svc.enc', { applicant: PEOPLE[0] });
    outbox.close();
    await assert.rejects(openTestOutbox({ dataDir: dirs.dataDir, keyFile: `${dirs.keyFile}.other` }), (e: unknown) => (e as { code?: string }).code === 'forbidden');
  } finally {
    dirs.cleanup();
  }
});
