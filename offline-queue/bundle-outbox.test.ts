import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { KioskError } from '../contracts/errors.js';
import { MAX_BODY_BYTES } from './outbox.js';
import { isSubmissionId } from './submission-id.js';
import { spawnHelper } from './test-support/spawn-child.js';
import { openTestOutbox, tempDirs } from './test-support/temp-outbox.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const members = (n: number) => Array.from({ length: n }, (_, i) => ({ serviceId: `svc-${i}`, payload: { childName: '王小宝', n: i } }));

test('a bundle is stored in one transaction: each member its own id and body with the bundle link', async () => {
  const dirs = tempDirs('outbox-bundle-');
  try {
    const o = await openTestOutbox(dirs);
    const { bundleId, ids } = o.enqueueBundle('newborn', members(3));
    assert.ok(isSubmissionId(bundleId));
    assert.equal(new Set(ids).size, 3);
    const claimed = o.claimDue(10);
    assert.deepEqual(claimed.map((c) => c.id), ids, 'members are sent in member order');
    const bodies = claimed.map((c) => JSON.parse(o.openBody(c).toString('utf8')) as { id: string; serviceId: string; bundle: unknown });
    bodies.forEach((b, i) => {
      assert.equal(b.id, ids[i]);
      assert.equal(b.serviceId, `svc-${i}`);
      assert.deepEqual(b.bundle, { id: bundleId, bundle: 'newborn', member: i, members: 3 });
    });
    // The back end refuses one member: the others stand, and the kiosk can say which one failed.
    o.settle([
      { id: ids[0]!, kind: 'done', receiptNo: 'R-1' },
      { id: ids[1]!, kind: 'dead', error: 'HTTP 422 validation: childBirthDate' },
      { id: ids[2]!, kind: 'done', receiptNo: 'R-3' },
    ]);
    const out = o.bundleOutcome(bundleId);
    assert.deepEqual(out.map((m) => [m.member, m.serviceId, m.state, m.receiptNo]), [[0, 'svc-0', 'done', 'R-1'], [1, 'svc-1', 'dead', null], [2, 'svc-2', 'done', 'R-3']]);
    assert.match(out[1]!.lastError ?? '', /422/);
    assert.deepEqual(o.bundleOutcome('no-such-bundle'), []);
    // A lone submission carries no link.
    const lone = o.enqueue('svc-x', { n: 1 });
    const [row] = o.claimDue(10);
    assert.equal(row!.id, lone);
    assert.equal('bundle' in (JSON.parse(o.openBody(row!).toString('utf8')) as object), false);
    o.close();
  } finally {
    dirs.cleanup();
  }
});

test('a bundle with one bad member stores none of them', async () => {
  const dirs = tempDirs('outbox-bundle-');
  try {
    const o = await openTestOutbox(dirs);
    const bad = [...members(2), { serviceId: 'svc 2 with spaces', payload: {} }];
    assert.throws(() => o.enqueueBundle('newborn', bad), (e: unknown) => e instanceof KioskError && e.code === 'bad-request');
    const huge = [...members(2), { serviceId: 'svc-2', payload: { blob: 'x'.repeat(MAX_BODY_BYTES + 1) } }];
    assert.throws(() => o.enqueueBundle('newborn', huge), /limit/);
    assert.throws(() => o.enqueueBundle('newborn', []), /1–20 members/);
    assert.throws(() => o.enqueueBundle('new born', members(2)), /bundle must be/);
    assert.equal(o.status().pending, 0);
    o.close();
  } finally {
    dirs.cleanup();
  }
});

test('SIGKILL right after a bundle was enqueued: on reopening every member is there exactly once', { timeout: 60_000 }, async () => {
  const dirs = tempDirs('outbox-bundle-kill-');
  try {
    const child = spawnHelper('bundle-child.ts', [dirs.dataDir, dirs.keyFile, 'once']);
    const code = await child.exited;
    assert.equal(code, null, 'the child died by the signal, not by an exit');
    assert.equal(child.proc.signalCode, 'SIGKILL');
    const line = child.lines.find((l) => l !== 'ready');
    assert.ok(line, 'the child printed its bundle before it died');
    const [bundleId, ...ids] = line.split(' ');
    const o = await openTestOutbox(dirs, { kioskId: 'crash-kiosk' });
    try {
      const out = o.bundleOutcome(bundleId!);
      assert.deepEqual(out.map((m) => m.id), ids);
      assert.deepEqual(out.map((m) => m.member), [0, 1, 2, 3]);
      assert.ok(out.every((m) => m.state === 'pending'));
      assert.equal(o.status().pending, 4, 'no member stored twice, nothing else stored');
      for (const r of o.claimDue(10)) JSON.parse(o.openBody(r).toString('utf8'));
    } finally {
      o.close();
    }
  } finally {
    dirs.cleanup();
  }
});

test('bundles under repeated SIGKILL: every printed bundle complete, no partial bundle ever stored', { timeout: 120_000 }, async (t) => {
  const dirs = tempDirs('outbox-bundle-kills-');
  const printed: string[][] = [];
  try {
    for (let k = 0; k < 15; k++) {
      const child = spawnHelper('bundle-child.ts', [dirs.dataDir, dirs.keyFile, 'loop']);
      if (await child.waitForLine('ready')) await sleep(Math.floor(Math.random() * 40));
      child.proc.kill('SIGKILL');
      await child.exited;
      printed.push(...child.lines.filter((l) => l !== 'ready').map((l) => l.split(' ')));
    }
    t.diagnostic(`${printed.length} acknowledged bundles`);
    const db = new Database(join(dirs.dataDir, 'outbox.sqlite'));
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      const groups = db.prepare('SELECT bundle_id AS b, COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM submissions GROUP BY bundle_id').all() as { b: string; n: number; d: number }[];
      for (const g of groups) assert.deepEqual([g.n, g.d], [4, 4], `bundle ${g.b} has ${g.n} rows`);
      const have = new Map(groups.map((g) => [g.b, g.n]));
      for (const [bundleId, ...ids] of printed) {
        assert.equal(have.get(bundleId!), 4, `acknowledged bundle ${bundleId} lost members`);
        const rows = db.prepare('SELECT id FROM submissions WHERE bundle_id = ? ORDER BY bundle_member').all(bundleId) as { id: string }[];
        assert.deepEqual(rows.map((r) => r.id), ids);
      }
    } finally {
      db.close();
    }
  } finally {
    dirs.cleanup();
  }
});
