import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { createSyncWorker, type SyncAlert, type SyncWorker } from './sync-worker.js';
import type { Outbox } from './outbox.js';
import { startScriptedServer, type ScriptAction, type ScriptedServer } from './test-support/scripted-server.js';
import { openTestOutbox, tempDirs } from './test-support/temp-outbox.js';

const TOKEN = 'test-token';
const FAST = { baseMs: 10, capMs: 80 };
const DRAIN = { timeoutMs: 30_000 };

interface Rig {
  outbox: Outbox;
  server: ScriptedServer;
  worker: SyncWorker;
  alerts: SyncAlert[];
  dispose(): Promise<void>;
}

async function rig(script: (n: number, id: string | undefined) => ScriptAction, opts: { token?: string; requestTimeoutMs?: number; backoff?: typeof FAST } = {}): Promise<Rig> {
  const dirs = tempDirs();
  const outbox = await openTestOutbox(dirs);
  const server = await startScriptedServer((r, n) => script(n, r.id), { token: TOKEN });
  const worker = createSyncWorker({ outbox, url: server.url, token: opts.token ?? TOKEN, backoff: opts.backoff ?? FAST, requestTimeoutMs: opts.requestTimeoutMs });
  const alerts: SyncAlert[] = [];
  worker.onDidAlert((a) => alerts.push(a));
  return {
    outbox,
    server,
    worker,
    alerts,
    async dispose() {
      await worker.stop();
      outbox.close();
      await server.close();
      dirs.cleanup();
    },
  };
}

const payload = { applicant: { name: '测试人', idNumber: '110101199003070011' }, form: { copies: 1 } };

function requestsFor(server: ScriptedServer, id: string) {
  return server.requests.filter((r) => r.id === id);
}

describe('sync worker against every answer of docs/protocol.md §4', () => {
  test('201: done; headers and body as the contract says', async () => {
    const r = await rig(() => ({ kind: 'normal' }));
    try {
      const id = r.outbox.enqueue('svc.a', payload);
      await r.worker.drain(DRAIN);
      assert.deepEqual(r.outbox.status(), { pending: 0, inFlight: 0, done: 1, dead: 0, oldestPendingAgeMs: 0 });
      const [req] = requestsFor(r.server, id);
      assert.ok(req);
      assert.equal(req.authorization, `Bearer ${TOKEN}`);
      assert.equal(req.contentType, 'application/json');
      const body = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), ['createdAt', 'id', 'kioskId', 'payload', 'serviceId']);
      assert.equal(body.id, id);
      assert.equal(body.kioskId, 'test-kiosk');
      assert.equal(body.serviceId, 'svc.a');
      assert.deepEqual(body.payload, payload);
      assert.ok(!Number.isNaN(Date.parse(body.createdAt as string)));
    } finally {
      await r.dispose();
    }
  });

  test('200 (already stored, same body): done', async () => {
    const r = await rig(() => ({ kind: 'status', status: 200, body: { id: 'x', receivedAt: '2024-01-01T00:00:00Z', receiptNo: 'R-1' } }));
    try {
      r.outbox.enqueue('svc.a', payload);
      await r.worker.drain(DRAIN);
      assert.equal(r.outbox.status().done, 1);
      assert.equal(r.server.requests.length, 1);
    } finally {
      await r.dispose();
    }
  });

  for (const status of [422, 400]) {
    test(`${status}: dead letter, kept, never retried by itself`, async () => {
      const r = await rig(() => ({ kind: 'status', status, body: { error: { code: 'nope', message: '欧阳晓明 320508195602290013' } } }));
      try {
        const id = r.outbox.enqueue('svc.a', payload);
        await r.worker.drain(DRAIN);
        await new Promise((res) => setTimeout(res, 200));
        assert.equal(requestsFor(r.server, id).length, 1);
        assert.deepEqual(r.outbox.status(), { pending: 0, inFlight: 0, done: 0, dead: 1, oldestPendingAgeMs: 0 });
        const [dead] = r.outbox.listDead();
        assert.equal(dead?.id, id);
        // Only the status and the machine code are kept: the server's free text could hold personal data.
        assert.equal(dead?.lastError, `HTTP ${status} nope`);
        assert.ok(r.alerts.some((a) => a.kind === 'dead-letter' && a.id === id));
        const [exported] = r.outbox.exportDead();
        assert.equal(exported?.body, requestsFor(r.server, id)[0]?.body.toString('utf8'));
      } finally {
        await r.dispose();
      }
    });
  }

  test('409: retried later with the same key and byte-identical body', async () => {
    const r = await rig((n) => (n <= 2 ? { kind: 'status', status: 409 } : { kind: 'normal' }));
    try {
      const id = r.outbox.enqueue('svc.a', payload);
      await r.worker.drain(DRAIN);
      const reqs = requestsFor(r.server, id);
      assert.equal(reqs.length, 3);
      for (const q of reqs) assert.ok(q.body.equals(reqs[0]!.body));
      assert.equal(r.outbox.status().done, 1);
    } finally {
      await r.dispose();
    }
  });

  for (const status of [500, 502, 503, 504, 429]) {
    test(`${status} without Retry-After: exponential back-off, then done`, async () => {
      const r = await rig((n) => (n === 1 ? { kind: 'status', status } : { kind: 'normal' }));
      try {
        const id = r.outbox.enqueue('svc.a', payload);
        await r.worker.drain(DRAIN);
        assert.equal(requestsFor(r.server, id).length, 2);
        assert.equal(r.server.created.get(id), 1);
      } finally {
        await r.dispose();
      }
    });
  }

  for (const [label, header] of [
    ['delay-seconds', () => '2'],
    ['HTTP-date', () => new Date(Date.now() + 3000).toUTCString()],
  ] as const) {
    test(`503 with Retry-After (${label}): waits that long`, async () => {
      let first = 0;
      const r = await rig((n) => {
        if (n === 1) {
          first = Date.now();
          return { kind: 'status', status: 503, headers: { 'Retry-After': header() } };
        }
        return { kind: 'normal' };
      });
      try {
        const id = r.outbox.enqueue('svc.a', payload);
        const statuses: string[] = [];
        r.worker.onDidChangeStatus((s) => statuses.push(s.state));
        await r.worker.drain(DRAIN);
        const reqs = requestsFor(r.server, id);
        assert.equal(reqs.length, 2);
        // The HTTP-date has one-second resolution, so allow for the fraction lost in rounding.
        assert.ok(reqs[1]!.at - first >= 1000, `retried after ${reqs[1]!.at - first} ms, before Retry-After`);
        assert.ok(statuses.includes('backing-off'));
      } finally {
        await r.dispose();
      }
    });
  }

  test('429 with Retry-After holds every request, not only the one answered', async () => {
    let first = 0;
    const r = await rig((n) => {
      if (n === 1) {
        first = Date.now();
        return { kind: 'status', status: 429, headers: { 'Retry-After': '1' } };
      }
      return { kind: 'normal' };
    });
    try {
      r.outbox.enqueue('svc.a', payload);
      await new Promise((res) => setTimeout(res, 20));
      r.worker.start();
      await new Promise((res) => setTimeout(res, 100));
      for (let i = 0; i < 5; i++) r.outbox.enqueue('svc.a', payload);
      await r.worker.drain(DRAIN);
      const later = r.server.requests.slice(1);
      assert.equal(later.length, 6);
      for (const q of later) assert.ok(q.at - first >= 900, `a request went out ${q.at - first} ms after 429 Retry-After: 1`);
    } finally {
      await r.dispose();
    }
  });

  test('stored, then the connection reset before the answer: the retry creates no second record', async () => {
    const r = await rig((n) => (n === 1 ? { kind: 'store-then-reset' } : { kind: 'normal' }));
    try {
      const id = r.outbox.enqueue('svc.a', payload);
      await r.worker.drain(DRAIN);
      const reqs = requestsFor(r.server, id);
      assert.equal(reqs.length, 2);
      assert.ok(reqs[1]!.body.equals(reqs[0]!.body), 'same key must carry the same body');
      assert.equal(r.server.created.get(id), 1);
      assert.equal(r.server.conflicts, 0);
      assert.equal(r.server.stored.size, 1);
      assert.equal(r.outbox.status().done, 1);
    } finally {
      await r.dispose();
    }
  });

  test('reset without storing, and a timeout: retried until stored once', async () => {
    const r = await rig((n) => (n === 1 ? { kind: 'reset' } : n === 2 ? { kind: 'hang' } : { kind: 'normal' }), { requestTimeoutMs: 300 });
    try {
      const id = r.outbox.enqueue('svc.a', payload);
      await r.worker.drain(DRAIN);
      assert.equal(requestsFor(r.server, id).length, 3);
      assert.equal(r.server.created.get(id), 1);
    } finally {
      await r.dispose();
    }
  });

  test('connection refused: stays pending with the error and a growing attempt count', async () => {
    const dirs = tempDirs();
    const outbox = await openTestOutbox(dirs);
    const server = await startScriptedServer(() => ({ kind: 'normal' }));
    const url = server.url;
    await server.close();
    const worker = createSyncWorker({ outbox, url, token: TOKEN, backoff: FAST });
    try {
      const id = outbox.enqueue('svc.a', payload);
      worker.start();
      const db = new Database(outbox.file, { readonly: true });
      try {
        let row: { attempts: number; last_error: string | null; state: string } | undefined;
        for (let i = 0; i < 300; i++) {
          row = db.prepare('SELECT attempts, last_error, state FROM submissions WHERE id = ?').get(id) as typeof row;
          if (row && row.attempts >= 3) break;
          await new Promise((res) => setTimeout(res, 20));
        }
        assert.ok(row && row.attempts >= 3, 'kept retrying');
        assert.match(row.last_error ?? '', /ECONNREFUSED/);
        assert.notEqual(row.state, 'dead');
      } finally {
        db.close();
      }
    } finally {
      await worker.stop();
      outbox.close();
      dirs.cleanup();
    }
  });

  for (const status of [401, 403]) {
    test(`${status}: pauses with an alert, submission stays pending, resumes when /v1/health answers 200`, async () => {
      let refuse = true;
      const r = await rig(() => (refuse ? { kind: 'status', status } : { kind: 'normal' }));
      try {
        r.server.healthScript.push(503, 503);
        const id = r.outbox.enqueue('svc.a', payload);
        const states: string[] = [];
        r.worker.onDidChangeStatus((s) => states.push(s.state));
        r.worker.start();
        for (let i = 0; i < 500 && !r.alerts.some((a) => a.kind === 'auth-failed'); i++) await new Promise((res) => setTimeout(res, 10));
        const failed = r.alerts.find((a) => a.kind === 'auth-failed');
        assert.ok(failed && failed.kind === 'auth-failed' && failed.status === status);
        assert.ok(states.includes('paused-auth'));
        const s = r.outbox.status();
        assert.equal(s.pending + s.inFlight, 1);
        assert.equal(s.dead, 0);
        refuse = false;
        await r.worker.drain(DRAIN);
        assert.ok(r.server.healthRequests >= 3, `health probed ${r.server.healthRequests} times`);
        assert.ok(r.alerts.some((a) => a.kind === 'auth-resumed'));
        assert.equal(r.server.created.get(id), 1);
      } finally {
        await r.dispose();
      }
    });
  }

  test('a tampered stored body is dead-lettered and reported, never sent', async () => {
    const r = await rig(() => ({ kind: 'normal' }));
    try {
      const bad = r.outbox.enqueue('svc.a', payload);
      const good = r.outbox.enqueue('svc.a', payload);
      const db = new Database(r.outbox.file);
      const row = db.prepare('SELECT body FROM submissions WHERE id = ?').get(bad) as { body: Buffer };
      row.body[row.body.length - 1]! ^= 0x01;
      db.prepare('UPDATE submissions SET body = ? WHERE id = ?').run(row.body, bad);
      db.close();
      await r.worker.drain(DRAIN);
      assert.equal(requestsFor(r.server, bad).length, 0);
      assert.equal(r.server.created.get(good), 1);
      assert.ok(r.alerts.some((a) => a.kind === 'payload-tampered' && a.id === bad));
      assert.match(r.outbox.listDead()[0]?.lastError ?? '', /payload-tampered/);
    } finally {
      await r.dispose();
    }
  });

  test('many submissions with concurrency 4 over keep-alive: each stored exactly once', async () => {
    const r = await rig((n) => (n % 7 === 0 ? { kind: 'store-then-reset' } : n % 5 === 0 ? { kind: 'status', status: 503, headers: { 'Retry-After': '0' } } : { kind: 'normal' }));
    try {
      const ids = Array.from({ length: 60 }, (_, i) => r.outbox.enqueue('svc.a', { ...payload, seq: i }));
      await r.worker.drain(DRAIN);
      assert.equal(r.server.stored.size, ids.length);
      for (const id of ids) assert.equal(r.server.created.get(id), 1);
      assert.equal(r.server.conflicts, 0);
      assert.deepEqual(r.outbox.status(), { pending: 0, inFlight: 0, done: 60, dead: 0, oldestPendingAgeMs: 0 });
    } finally {
      await r.dispose();
    }
  });

  test('stop() aborts requests in flight and returns them to pending', async () => {
    const r = await rig(() => ({ kind: 'hang' }));
    try {
      r.outbox.enqueue('svc.a', payload);
      r.worker.start();
      for (let i = 0; i < 300 && r.server.requests.length === 0; i++) await new Promise((res) => setTimeout(res, 10));
      assert.equal(r.outbox.status().inFlight, 1);
      await r.worker.stop();
      assert.equal(r.worker.status.state, 'stopped');
      assert.deepEqual({ ...r.outbox.status(), oldestPendingAgeMs: 0 }, { pending: 1, inFlight: 0, done: 0, dead: 0, oldestPendingAgeMs: 0 });
    } finally {
      await r.dispose();
    }
  });
});
