// kiosk-test: long
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createSyncWorker, type SyncStatus, type SyncWorker } from './sync-worker.js';
import type { Outbox } from './outbox.js';
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from './test-support/fault-proxy.js';
import { startScriptedServer, type ScriptAction, type ScriptedServer } from './test-support/scripted-server.js';
import { openTestOutbox, tempDirs } from './test-support/temp-outbox.js';

// Goodput under faults. A real HTTP back end (the scripted server, storing
// idempotently) behind the fault-injecting proxy, both on free 127.0.0.1 ports. The per-submission
// back-off is made fast (10 ms base) so that what limits sending in these tests is the worker's
// back-end-wide policy (adaptive throttle and Retry-After holds), which keeps its real defaults.
const TOKEN = 'test-token';
const FAST = { baseMs: 10, capMs: 80 };
const payload = { applicant: { name: '测试人', idNumber: '110101199003070011' }, form: { copies: 1 } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Rig {
  outbox: Outbox;
  server: ScriptedServer;
  proxy: FaultProxy;
  worker: SyncWorker;
  statuses: SyncStatus[];
  dispose(): Promise<void>;
}

async function rig(faults: Omit<FaultProxyOptions, 'target'>, script: (n: number) => ScriptAction = () => ({ kind: 'normal' })): Promise<Rig> {
  const dirs = tempDirs();
  const outbox = await openTestOutbox(dirs);
  const server = await startScriptedServer((_r, n) => script(n), { token: TOKEN });
  const proxy = await startFaultProxy({ target: server.url, ...faults });
  const worker = createSyncWorker({ outbox, url: proxy.url, token: TOKEN, backoff: FAST, concurrency: 4 });
  const statuses: SyncStatus[] = [];
  worker.onDidChangeStatus((s) => statuses.push(s));
  return {
    outbox,
    server,
    proxy,
    worker,
    statuses,
    async dispose() {
      await worker.stop();
      outbox.close();
      await proxy.close();
      await server.close();
      dirs.cleanup();
    },
  };
}

function assertEachStoredOnce(r: Rig, ids: string[]): void {
  assert.equal(r.server.stored.size, ids.length);
  for (const id of ids) assert.equal(r.server.created.get(id), 1, `${id} stored ${r.server.created.get(id) ?? 0} times`);
  assert.equal(r.server.conflicts, 0);
  assert.deepEqual(r.outbox.status(), { pending: 0, inFlight: 0, done: ids.length, dead: 0, oldestPendingAgeMs: 0 });
}

describe('sync worker under back-end faults', () => {
  test('35 % random faults: each stored once, and one 503 + Retry-After holds its own submission, not the queue', async () => {
    const r = await rig({ faultRate: 0.35, seed: 12, retryAfterSec: 1 });
    try {
      const ids = Array.from({ length: 200 }, (_, i) => r.outbox.enqueue('svc.a', { ...payload, seq: i }));
      await r.worker.drain({ timeoutMs: 60_000 });
      assertEachStoredOnce(r, ids);
      const reqs = r.proxy.requests;
      const lost = reqs.filter((q) => q.fault === 'lost-answer');
      assert.ok(lost.length > 5, `${lost.length} answers lost`);
      // Every lost answer was retried with the same key, and the back end recognised it (200, not a 2nd record).
      assert.ok(r.server.requests.length > ids.length, 'the back end saw the replays');

      const held = reqs.filter((q) => q.fault === '503-retry-after');
      assert.ok(held.length > 5, `${held.length} answers were 503 + Retry-After: 1`);
      let followers = 0;
      for (const h of held) {
        // That submission itself waited the Retry-After (100 ms slack for timer rounding).
        const next = reqs.find((q) => q.id === h.id && q.at > h.at);
        assert.ok(next && next.at - h.at >= 900, `retried ${next ? (next.at - h.at).toFixed(0) : '∞'} ms after 503 + Retry-After: 1`);
        // Others kept going inside that second (the margin leaves out requests already on their way).
        followers += reqs.filter((q) => q.id !== h.id && q.at > h.at + 100 && q.at < h.at + 900).length;
      }
      // Before: every such answer held the whole queue for the full second, so this was 0.
      assert.ok(followers >= held.length, `${followers} other requests inside the Retry-After seconds of ${held.length} holds`);
    } finally {
      await r.dispose();
    }
  });

  test('503 + Retry-After: 3 on one request while the back end stores the others: they all go out during those 3 s', async () => {
    const r = await rig({ faultRate: 0 }, (n) => (n === 2 ? { kind: 'status', status: 503, headers: { 'Retry-After': '3' } } : { kind: 'normal' }));
    try {
      const ids = Array.from({ length: 20 }, (_, i) => r.outbox.enqueue('svc.a', { ...payload, seq: i }));
      await r.worker.drain({ timeoutMs: 20_000 });
      assertEachStoredOnce(r, ids);
      const first = r.server.requests[1]!;
      const again = r.server.requests.filter((q) => q.id === first.id);
      assert.equal(again.length, 2);
      assert.ok(again[1]!.at - first.at >= 2900, `the 503'd submission retried ${again[1]!.at - first.at} ms later`);
      // All 19 others were sent while that one waited (2 s of margin: on loopback they take milliseconds).
      const others = r.server.requests.filter((q) => q.id !== first.id && q.at < first.at + 1000);
      assert.equal(new Set(others.map((q) => q.id)).size, 19);
    } finally {
      await r.dispose();
    }
  });

  test('answers lost after storing, half of all requests: every submission stored exactly once', async () => {
    const r = await rig({ faultRate: 0.5, faults: ['lost-answer'], seed: 3 });
    try {
      const ids = Array.from({ length: 100 }, (_, i) => r.outbox.enqueue('svc.a', { ...payload, seq: i }));
      await r.worker.drain({ timeoutMs: 60_000 });
      assertEachStoredOnce(r, ids);
      const lostIds = new Set(r.proxy.requests.filter((q) => q.fault === 'lost-answer').map((q) => q.id));
      assert.ok(lostIds.size > 20);
      for (const id of lostIds) {
        const sent = r.server.requests.filter((q) => q.id === id);
        assert.ok(sent.length >= 2, 'retried after the lost answer');
        for (const q of sent) assert.ok(q.body.equals(sent[0]!.body), 'with the byte-identical body');
      }
    } finally {
      await r.dispose();
    }
  });

  for (const [label, faults] of [
    ['every request 503', ['503'] as const],
    ['every request 503 + Retry-After: 1', ['503-retry-after'] as const],
    ['every request 500', ['500'] as const],
  ] as const) {
    test(`dead back end (${label}): at most one request a second, then it drains once the back end is back`, async () => {
      const r = await rig({ faultRate: 1, faults });
      try {
        const ids = Array.from({ length: 40 }, (_, i) => r.outbox.enqueue('svc.a', { ...payload, seq: i }));
        r.worker.start();
        await sleep(4200);
        const reqs = [...r.proxy.requests];
        // The throttle's initial tokens go out at once (4), then one probe at a time, ≥ 1 s apart.
        // Before: with this 10 ms per-submission back-off, hundreds (or, with Retry-After: 1, 4 a second).
        assert.ok(reqs.length <= 4 + 4, `${reqs.length} requests in 4.2 s`);
        const probes = reqs.slice(4);
        for (let i = 1; i < probes.length; i++) assert.ok(probes[i]!.at - probes[i - 1]!.at >= 950, `probes ${(probes[i]!.at - probes[i - 1]!.at).toFixed(0)} ms apart`);
        assert.ok(probes.length >= 1, 'it keeps probing');
        assert.ok(r.statuses.some((s) => s.throttled), 'the status says the back end as a whole is holding sending');
        r.proxy.setFaultRate(0);
        await r.worker.drain({ timeoutMs: 60_000 });
        assertEachStoredOnce(r, ids);
      } finally {
        await r.dispose();
      }
    });
  }
});
