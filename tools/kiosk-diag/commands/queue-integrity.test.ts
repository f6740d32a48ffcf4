// kiosk-test: long
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { startDemoBackend } from '../../../main/demo-backend/index.js';
import { createFileKeyStore, defaultKeyFilePath, openOutbox, OutboxCorruptError, readOutboxStatus } from '../../../offline-queue/index.js';

// A damaged outbox.sqlite, as a failing SD card or eMMC leaves it: found at open and by
// `queue status`, kept byte for byte, and salvaged with every readable id sent exactly once.

function diag(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['tools/kiosk-diag.mjs', 'queue', ...args]);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

/** An outbox of `n` submissions, closed (so every page is in the main file, not the WAL). */
async function filledOutbox(root: string, n: number): Promise<{ data: string; ids: string[] }> {
  const data = join(root, 'data');
  const outbox = await openOutbox({ dataDir: data, kioskId: 'k-test', keyStore: createFileKeyStore(defaultKeyFilePath(data)) });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(outbox.enqueue('demo.synthetic', { seq: i, note: '测试'.repeat(40) }));
  outbox.close();
  return { data, ids };
}

/** XOR `len` bytes at `offset` of the file with 0xff. */
function flip(file: string, offset: number, len: number): void {
  const b = readFileSync(file);
  for (let i = offset; i < offset + len; i++) b[i] = b[i]! ^ 0xff;
  writeFileSync(file, b);
}

/** The page in the middle of the file: flipping its header breaks the b-tree. */
function middlePage(file: string): number {
  const pages = statSync(file).size / 4096;
  return Math.floor(pages / 2) * 4096;
}

describe('a damaged outbox is found and contained', () => {
  it('bytes flipped in a page in the middle: open refuses, status throws, and the file is not changed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'outbox-corrupt-'));
    try {
      const { data } = await filledOutbox(root, 300);
      const file = join(data, 'outbox.sqlite');
      flip(file, middlePage(file), 16);
      const before = sha(file);
      await assert.rejects(
        openOutbox({ dataDir: data, kioskId: 'k-test', keyStore: createFileKeyStore(defaultKeyFilePath(data)) }),
        (e: unknown) => e instanceof OutboxCorruptError && e.code === 'device-error' && /salvage/.test(e.message),
      );
      assert.throws(() => readOutboxStatus(data), OutboxCorruptError);
      assert.equal(sha(file), before, 'the damaged file is kept byte for byte');

      const st = await diag(['status', '--data', data, '--json']);
      assert.equal(st.code, 4, st.stdout + st.stderr);
      const err = (JSON.parse(st.stdout) as { error: { code: string; message: string } }).error;
      assert.equal(err.code, 'device-error');
      assert.match(err.message, /damaged/);
      assert.equal(sha(file), before);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('bytes flipped inside a stored body (invisible to quick_check) are found by the cipher tag at open and by status', async () => {
    const root = mkdtempSync(join(tmpdir(), 'outbox-corrupt-'));
    try {
      const { data } = await filledOutbox(root, 50);
      const file = join(data, 'outbox.sqlite');
      // Find one body's bytes in the file and flip a few in its middle.
      const db = new Database(file, { readonly: true });
      const body = (db.prepare('SELECT body FROM submissions LIMIT 1 OFFSET 20').get() as { body: Buffer }).body;
      db.close();
      const at = readFileSync(file).indexOf(body.subarray(40, 72));
      assert.ok(at > 0);
      flip(file, at, 8);
      const quick = new Database(file, { readonly: true });
      assert.equal(quick.pragma('quick_check', { simple: true }), 'ok', 'SQLite itself sees nothing wrong');
      quick.close();
      await assert.rejects(openOutbox({ dataDir: data, kioskId: 'k-test', keyStore: createFileKeyStore(defaultKeyFilePath(data)) }), OutboxCorruptError);
      const st = await diag(['status', '--data', data, '--json']);
      assert.equal(st.code, 4, st.stdout);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('queue status on a directory that does not exist is a usage error, not an empty queue', async () => {
    const st = await diag(['status', '--data', join(tmpdir(), 'no-such-kiosk-data-dir'), '--json']);
    assert.equal(st.code, 2);
    assert.match((JSON.parse(st.stdout) as { error: { message: string } }).error.message, /no such directory/);
  });

  it('queue salvage copies every readable row into a fresh outbox; each salvaged id is stored once by the back end', async () => {
    const root = mkdtempSync(join(tmpdir(), 'outbox-salvage-'));
    const backend = await startDemoBackend({ dataDir: join(root, 'backend'), token: 'salvage-token' });
    try {
      const { data, ids } = await filledOutbox(root, 300);
      // Some were sent before the damage: they must stay done, not go out a second time as new.
      const pre = await diag(['sync', '--data', data, '--url', backend.url, '--token', 'salvage-token', '--until-empty', '--json']);
      assert.equal(pre.code, 0, pre.stderr);
      const more = await openOutbox({ dataDir: data, kioskId: 'k-test', keyStore: createFileKeyStore(defaultKeyFilePath(data)) });
      for (let i = 0; i < 100; i++) ids.push(more.enqueue('demo.synthetic', { seq: 1000 + i, note: '补充'.repeat(40) }));
      more.close();
      const file = join(data, 'outbox.sqlite');
      flip(file, middlePage(file), 16);
      const before = sha(file);

      const out = join(root, 'salvaged');
      const r = await diag(['salvage', '--data', data, '--out', out, '--json']);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const report = JSON.parse(r.stdout) as { copied: { pending: number; done: number; dead: number }; lostIds: string[]; unreadableRows: number; target: string };
      assert.equal(sha(file), before, 'salvage only reads the damaged file');
      assert.equal(report.target, join(out, 'outbox.sqlite'));
      const copied = report.copied.pending + report.copied.done + report.copied.dead;
      assert.ok(copied > 0 && copied < 400, `some rows copied, some lost: ${JSON.stringify(report)}`);
      assert.equal(copied + report.lostIds.length + report.unreadableRows, 400, 'every row is accounted for');
      for (const id of report.lostIds) assert.ok(ids.includes(id));
      assert.equal(statSync(report.target).mode & 0o777, 0o600);

      const sync = await diag(['sync', '--data', out, '--url', backend.url, '--token', 'salvage-token', '--until-empty', '--json']);
      assert.equal(sync.code, 0, sync.stderr);
      const after = JSON.parse(sync.stdout) as { pending: number; done: number; dead: number };
      assert.equal(after.pending, 0);
      assert.equal(after.done, report.copied.pending + report.copied.done);

      const store = new Database(join(root, 'backend', 'demo-backend.sqlite'), { readonly: true });
      const rows = store.prepare('SELECT id, COUNT(*) AS n FROM submissions GROUP BY id').all() as { id: string; n: number }[];
      store.close();
      assert.ok(rows.every((x) => x.n === 1), 'no id stored twice');
      const stored = new Set(rows.map((x) => x.id));
      const salvaged = new Database(report.target, { readonly: true });
      const salvagedIds = (salvaged.prepare("SELECT id FROM submissions WHERE state = 'done'").all() as { id: string }[]).map((x) => x.id);
      salvaged.close();
      for (const id of salvagedIds) assert.ok(stored.has(id), `${id} reached the back end`);
      for (const id of report.lostIds) assert.ok(!salvagedIds.includes(id));
    } finally {
      await backend.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('salvage streams a large outbox: 300,000 rows and a rowid of 2^40, in bounded memory, damaged or not', { timeout: 120_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'outbox-salvage-big-'));
    try {
      const { data, ids } = await filledOutbox(root, 3);
      const file = join(data, 'outbox.sqlite');
      const db = new Database(file);
      // Years of sent submissions (done rows keep no body), written straight into the file.
      // Ids are well-formed UUIDv7s (version 7, variant 8), made in SQL because 300,000 calls from JS are slow.
      db.exec(`
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)
        INSERT INTO submissions (id, service_id, created_ms, state, attempts, next_attempt_ms, updated_ms, receipt_no)
        SELECT printf('018f0000-0000-7000-8000-%012x', i), 'demo.synthetic', 1700000000000 + i, 'done', 1, 0, 1700000000000 + i, 'R' || i FROM n`);
      // A pending row whose rowid is 2^40 (a rowid is any 64-bit integer; nothing keeps them small).
      db.prepare('UPDATE submissions SET rowid = ? WHERE id = ?').run(2 ** 40, ids[2]);
      db.pragma('wal_checkpoint(TRUNCATE)');
      // A leaf page of the table half-way through: the damage a bad flash block leaves.
      const leaves = db.prepare("SELECT pageno FROM dbstat WHERE name = 'submissions' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[];
      const damagedPage = leaves[Math.floor(leaves.length / 2)]!;
      db.close();

      const sound = await diag(['salvage', '--data', data, '--out', join(root, 'sound'), '--json']);
      assert.equal(sound.code, 0, sound.stderr + sound.stdout);
      const all = JSON.parse(sound.stdout) as { copied: { pending: number; done: number; dead: number }; lostIds: string[]; unreadableRows: number; unprobedRowids: number; target: string };
      assert.deepEqual(all.copied, { pending: 3, done: 300_000, dead: 0 });
      assert.equal(all.lostIds.length + all.unreadableRows, 0);
      assert.equal(all.unprobedRowids, 0, 'a sound table is read whole, the gap up to 2^40 included');
      const out = new Database(all.target, { readonly: true });
      assert.equal(out.prepare('SELECT state FROM submissions WHERE id = ?').pluck().get(ids[2]), 'pending');
      out.close();

      flip(file, (damagedPage - 1) * 4096, 16);
      const damaged = await diag(['salvage', '--data', data, '--out', join(root, 'damaged'), '--json']);
      assert.equal(damaged.code, 0, damaged.stderr + damaged.stdout);
      const part = JSON.parse(damaged.stdout) as typeof all;
      const copied = part.copied.pending + part.copied.done + part.copied.dead;
      const summary = JSON.stringify({ ...part, lostIds: part.lostIds.length });
      assert.ok(part.lostIds.length > 0 && part.lostIds.length < 200, `the rows of the damaged page are lost, and named: ${summary}`);
      assert.equal(part.copied.pending, 3, `the rows beyond the damage are salvaged, 2^40 included: ${summary}`);
      assert.equal(copied + part.lostIds.length + part.unreadableRows, 300_003, 'every row is accounted for');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('salvage in place renames the damaged files aside untouched and leaves a sound outbox.sqlite', async () => {
    const root = mkdtempSync(join(tmpdir(), 'outbox-salvage-'));
    try {
      const { data } = await filledOutbox(root, 300);
      const file = join(data, 'outbox.sqlite');
      flip(file, middlePage(file), 16);
      const before = sha(file);
      const r = await diag(['salvage', '--data', data]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /salvaged into .*outbox\.sqlite: pending \d+/);
      const aside = readdirSync(data).find((f) => /^outbox\.damaged-.*\.sqlite$/.test(f));
      assert.ok(aside, readdirSync(data).join(' '));
      assert.equal(sha(join(data, aside)), before);
      const st = await diag(['status', '--data', data, '--json']);
      assert.equal(st.code, 0, st.stdout);
      assert.ok((JSON.parse(st.stdout) as { pending: number }).pending > 0);
      // A second in-place salvage has nothing to do.
      assert.equal((await diag(['salvage', '--data', data])).code, 2);
      assert.ok(existsSync(file));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
