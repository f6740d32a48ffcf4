import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { MAX_BODY_BYTES, readOutboxStatus } from './outbox.js';
import { isSubmissionId } from './submission-id.js';
import { openTestOutbox, tempDirs } from './test-support/temp-outbox.js';
import type { QueueStatus } from './outbox-types.js';

const DAY = 24 * 3600 * 1000;

test('every connection runs WAL + synchronous=FULL; schema version recorded once', async () => {
  const dirs = tempDirs();
  try {
    const a = await openTestOutbox(dirs);
    const b = await openTestOutbox(dirs, { recoverInFlight: false });
    const raw = new Database(a.file, { readonly: true });
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    assert.deepEqual(raw.prepare('SELECT version FROM schema_version').all(), [{ version: 1 }, { version: 2 }]);
    raw.close();
    a.close();
    b.close();
  } finally {
    dirs.cleanup();
  }
});

test('enqueue returns a UUIDv7 after commit; states pending → in-flight → done | dead; counts', async () => {
  const dirs = tempDirs();
  let now = 1_700_000_000_000;
  try {
    const o = await openTestOutbox(dirs, { now: () => now });
    const ids = [o.enqueue('svc.a', { n: 1 }), o.enqueue('svc.a', { n: 2 }), o.enqueue('svc.b', { n: 3 })];
    for (const id of ids) assert.ok(isSubmissionId(id));
    now += 5000;
    assert.deepEqual(o.status(), { pending: 3, inFlight: 0, done: 0, dead: 0, oldestPendingAgeMs: 5000 });
    assert.deepEqual(readOutboxStatus(dirs.dataDir, { now }), o.status());
    const claimed = o.claimDue(2);
    assert.deepEqual(claimed.map((c) => c.id), ids.slice(0, 2), 'oldest first');
    assert.equal(o.status().inFlight, 2);
    o.settle([
      { id: ids[0]!, kind: 'done', receiptNo: 'R1' },
      { id: ids[1]!, kind: 'retry', nextAttemptMs: now + 60_000, error: 'HTTP 503', countAttempt: true },
    ]);
    assert.equal(o.nextDueAt(), now - 5000);
    assert.deepEqual(o.claimDue(10).map((c) => c.id), [ids[2]], 'a row backing off is not due');
    o.settle([{ id: ids[2]!, kind: 'dead', error: 'HTTP 422' }]);
    assert.deepEqual(o.status(), { pending: 1, inFlight: 0, done: 1, dead: 1, oldestPendingAgeMs: 5000 });
    now += 60_000;
    const [again] = o.claimDue(10);
    assert.equal(again?.id, ids[1]);
    assert.equal(again?.attempts, 1);
    // The acknowledged row keeps no payload.
    const raw = new Database(o.file, { readonly: true });
    assert.equal((raw.prepare('SELECT body FROM submissions WHERE id = ?').get(ids[0]) as { body: Buffer | null }).body, null);
    raw.close();
    o.close();
  } finally {
    dirs.cleanup();
  }
});

test('rows in flight when the process died are pending again on the next open', async () => {
  const dirs = tempDirs();
  try {
    const o = await openTestOutbox(dirs);
    o.enqueue('svc.a', { n: 1 });
    o.claimDue(5);
    o.close(); // as if the process died here: the row is in-flight in the file
    assert.equal(readOutboxStatus(dirs.dataDir).inFlight, 1);
    const loader = await openTestOutbox(dirs, { recoverInFlight: false });
    assert.equal(loader.status().inFlight, 1, 'a non-sending opener leaves a worker’s rows alone');
    loader.close();
    const o2 = await openTestOutbox(dirs);
    assert.equal(o2.status().pending, 1);
    assert.equal(o2.status().inFlight, 0);
    o2.close();
  } finally {
    dirs.cleanup();
  }
});

test('done rows are purged after the retention (default 7 days); dead rows are kept', async () => {
  const dirs = tempDirs();
  let now = 1_700_000_000_000;
  try {
    const o = await openTestOutbox(dirs, { now: () => now });
    const [a, b] = [o.enqueue('svc.a', {}), o.enqueue('svc.a', {})];
    o.claimDue(2);
    o.settle([
      { id: a, kind: 'done' },
      { id: b, kind: 'dead', error: 'HTTP 400' },
    ]);
    now += 7 * DAY - 1;
    assert.equal(o.purgeDone(), 0);
    now += 2;
    assert.equal(o.purgeDone(), 1);
    now += 365 * DAY;
    o.purgeDone();
    assert.deepEqual(o.status(), { pending: 0, inFlight: 0, done: 0, dead: 1, oldestPendingAgeMs: 0 });
    o.close();
    const short = await openTestOutbox(dirs, { now: () => now, retentionMs: 1000 });
    short.close();
  } finally {
    dirs.cleanup();
  }
});

test('technician actions: listDead, exportDead (exact body), retry, discard with an audit row', async () => {
  const dirs = tempDirs();
  try {
    const o = await openTestOutbox(dirs);
    const [a, b] = [o.enqueue('svc.a', { name: '林小' }), o.enqueue('svc.a', { name: '王芳' })];
    const bodies = Object.fromEntries(o.claimDue(2).map((r) => [r.id, o.openBody(r).toString('utf8')]));
    o.settle([
      { id: a, kind: 'dead', error: 'HTTP 422 key-reused' },
      { id: b, kind: 'dead', error: 'HTTP 400' },
    ]);
    assert.deepEqual(o.listDead().map((d) => [d.id, d.lastError, d.attempts]), [
      [a, 'HTTP 422 key-reused', 1],
      [b, 'HTTP 400', 1],
    ]);
    const exported = o.exportDead();
    assert.equal(exported[0]?.body, bodies[a]);
    assert.equal(o.retry(a), true);
    assert.equal(o.retry(a), false, 'only dead rows can be retried');
    const [again] = o.claimDue(5);
    assert.equal(again?.id, a);
    assert.equal(o.openBody(again!).toString('utf8'), bodies[a], 'a retried row sends the very same bytes');
    assert.throws(() => o.discard(b, '  '), /reason/);
    assert.equal(o.discard(b, 'duplicate filed at the counter'), true);
    assert.equal(o.discard(b, 'again'), false);
    const raw = new Database(o.file, { readonly: true });
    assert.deepEqual(raw.prepare('SELECT id, reason FROM discarded').all(), [{ id: b, reason: 'duplicate filed at the counter' }]);
    raw.close();
    o.close();
  } finally {
    dirs.cleanup();
  }
});

test('onDidChange pushes fresh counts, coalesced per event-loop turn', async () => {
  const dirs = tempDirs();
  try {
    const o = await openTestOutbox(dirs);
    const seen: QueueStatus[] = [];
    o.onDidChange((s) => seen.push(s));
    for (let i = 0; i < 10; i++) o.enqueue('svc.a', { i });
    await new Promise((r) => setImmediate(r));
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.pending, 10);
    o.close();
  } finally {
    dirs.cleanup();
  }
});

test('bad input is refused before anything is stored', async () => {
  const dirs = tempDirs();
  try {
    const o = await openTestOutbox(dirs);
    assert.throws(() => o.enqueue('bad service id!', {}), /serviceId/);
    assert.throws(() => o.enqueue('svc.a', [] as unknown as Record<string, unknown>), /JSON object/);
    assert.throws(() => o.enqueue('svc.a', { when: new Date() }), /class instance/);
    assert.throws(() => o.enqueue('svc.a', { big: 'x'.repeat(MAX_BODY_BYTES + 1) }), /limit/);
    assert.equal(o.status().pending, 0);
    o.close();
    assert.throws(() => o.enqueue('svc.a', {}), /closed/);
  } finally {
    dirs.cleanup();
  }
});

test('status of a data dir that never held an outbox is all zeros', () => {
  const dirs = tempDirs();
  try {
    assert.deepEqual(readOutboxStatus(dirs.dataDir), { pending: 0, inFlight: 0, done: 0, dead: 0, oldestPendingAgeMs: 0 });
  } finally {
    dirs.cleanup();
  }
});

test("outcome: the back end's receiptNo is kept on the done row and survives a reopen", async () => {
  const dirs = tempDirs();
  try {
    const o = await openTestOutbox(dirs);
    const [a, b, c] = [o.enqueue('svc.a', { n: 1 }), o.enqueue('svc.a', { n: 2 }), o.enqueue('svc.a', { n: 3 })];
    assert.deepEqual(o.outcome(a), { state: 'pending', receiptNo: null, receivedAt: null });
    o.claimDue(3);
    assert.equal(o.outcome(a)?.state, 'in-flight');
    o.settle([
      { id: a, kind: 'done', receiptNo: 'ZW-2026-000123', receivedAt: '2026-12-02T05:00:00Z' },
      // A 200/201 whose body carried no receiptNo: done, and the screen shows the case number alone.
      { id: b, kind: 'done' },
      { id: c, kind: 'dead', error: 'HTTP 422' },
    ]);
    assert.equal(o.outcome('0190f5b4-0000-7000-8000-000000000000'), null, 'unknown id');
    o.close();
    // A file written by an earlier build (schema version 1 already had receipt_no) needs no migration.
    const reopened = await openTestOutbox(dirs);
    assert.deepEqual(reopened.outcome(a), { state: 'done', receiptNo: 'ZW-2026-000123', receivedAt: '2026-12-02T05:00:00Z' });
    assert.deepEqual(reopened.outcome(b), { state: 'done', receiptNo: null, receivedAt: null });
    assert.deepEqual(reopened.outcome(c), { state: 'dead', receiptNo: null, receivedAt: null });
    const raw = new Database(reopened.file, { readonly: true });
    assert.deepEqual(raw.prepare('SELECT version FROM schema_version').all(), [{ version: 1 }, { version: 2 }]);
    raw.close();
    reopened.close();
  } finally {
    dirs.cleanup();
  }
});
