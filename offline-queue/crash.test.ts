// kiosk-test: long
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { readOutboxStatus } from './outbox.js';
import { isSubmissionId } from './submission-id.js';
import { spawnHelper } from './test-support/spawn-child.js';
import { startScriptedServer, type ScriptAction } from './test-support/scripted-server.js';
import { openTestOutbox, tempDirs } from './test-support/temp-outbox.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rand = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

test('enqueue under repeated SIGKILL: every printed id survives and integrity_check is ok', { timeout: 180_000 }, async (t) => {
  const dirs = tempDirs('outbox-crash-');
  const KILLS = 50;
  const printed: string[] = [];
  let roundsWithIds = 0;
  try {
    for (let k = 0; k < KILLS; k++) {
      const child = spawnHelper('enqueue-child.ts', [dirs.dataDir, dirs.keyFile]);
      // Some kills land while the child opens/migrates the database, most while it is enqueuing.
      if (k % 5 === 0) await sleep(rand(0, 400));
      else if (await child.waitForLine('ready')) await sleep(rand(0, 60));
      child.proc.kill('SIGKILL');
      await child.exited;
      const ids = child.lines.filter((l) => l !== 'ready');
      for (const id of ids) assert.ok(isSubmissionId(id), 'child printed a malformed line');
      if (ids.length) roundsWithIds++;
      printed.push(...ids);
    }
    t.diagnostic(`${KILLS} kills, ${printed.length} acknowledged ids, ${roundsWithIds} rounds enqueued`);
    assert.ok(roundsWithIds >= KILLS / 2, `only ${roundsWithIds} of ${KILLS} rounds got to enqueue`);
    const db = new Database(join(dirs.dataDir, 'outbox.sqlite'));
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      const have = new Set((db.prepare('SELECT id FROM submissions').all() as { id: string }[]).map((r) => r.id));
      const missing = printed.filter((id) => !have.has(id));
      assert.deepEqual(missing, [], `${missing.length} of ${printed.length} acknowledged ids were lost`);
      assert.equal(new Set(printed).size, printed.length);
    } finally {
      db.close();
    }
    // The survivor opens cleanly and every row still decrypts.
    const outbox = await openTestOutbox(dirs, { kioskId: 'crash-kiosk' });
    try {
      const rows = outbox.claimDue(1_000_000);
      assert.ok(rows.length >= printed.length);
      for (const r of rows) JSON.parse(outbox.openBody(r).toString('utf8'));
    } finally {
      outbox.close();
    }
  } finally {
    dirs.cleanup();
  }
});

test('sync under repeated SIGKILL against a randomly failing back end: every id stored exactly once', { timeout: 180_000 }, async (t) => {
  const dirs = tempDirs('outbox-sync-crash-');
  const script = (): ScriptAction => {
    const x = Math.random();
    if (x < 0.4) return { kind: 'normal' };
    if (x < 0.5) return { kind: 'store-then-reset' };
    if (x < 0.6) return { kind: 'reset' };
    if (x < 0.68) return { kind: 'status', status: 500 };
    if (x < 0.76) return { kind: 'status', status: 503, headers: { 'Retry-After': '0' } };
    if (x < 0.8) return { kind: 'status', status: 429, headers: { 'Retry-After': '0' } };
    if (x < 0.86) return { kind: 'status', status: 409 };
    if (x < 0.92) return { kind: 'delay', ms: rand(50, 300) };
    return { kind: 'status', status: 502 };
  };
  const server = await startScriptedServer(script, { token: 'crash-token' });
  try {
    const outbox = await openTestOutbox(dirs, { kioskId: 'crash-kiosk' });
    const committed = Array.from({ length: 300 }, (_, i) => outbox.enqueue('crash.sync', { applicant: { name: '王芳', idNumber: '320508199001010029' }, seq: i }));
    outbox.close();

    let kills = 0;
    let drained = false;
    for (let round = 0; !drained; round++) {
      assert.ok(round < 40, 'queue never drained');
      const child = spawnHelper('sync-child.ts', [dirs.dataDir, dirs.keyFile, server.url, 'crash-token']);
      if (kills < 15) {
        const finished = await Promise.race([child.waitForLine('drained'), sleep(rand(250, 900)).then(() => false)]);
        if (!finished) {
          child.proc.kill('SIGKILL');
          kills++;
        }
      }
      const code = await child.exited;
      drained = child.lines.includes('drained');
      if (!drained) assert.equal(code, null, 'sync child failed on its own');
    }
    t.diagnostic(`${kills} kills, ${server.requests.length} requests for ${committed.length} submissions`);
    assert.ok(kills >= 5, `only ${kills} kills happened before the queue drained`);

    const status = readOutboxStatus(dirs.dataDir);
    assert.deepEqual({ ...status, oldestPendingAgeMs: 0 }, { pending: 0, inFlight: 0, done: committed.length, dead: 0, oldestPendingAgeMs: 0 });
    assert.equal(server.conflicts, 0, 'a key was reused with a different body');
    assert.equal(server.stored.size, committed.length);
    for (const id of committed) assert.equal(server.created.get(id), 1, `id ${id} stored ${server.created.get(id) ?? 0} times`);
    // Every attempt for one id carried the same bytes.
    const first = new Map<string, Buffer>();
    for (const r of server.requests) {
      const seen = first.get(r.id!);
      if (seen) assert.ok(seen.equals(r.body));
      else first.set(r.id!, r.body);
    }
  } finally {
    await server.close();
    dirs.cleanup();
  }
});
