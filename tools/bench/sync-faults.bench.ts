/**
 * Sync goodput under faults. A fault-injecting proxy sits in front of the
 * embedded demo back end on loopback:
 *  - 1,000 pending submissions, 35 % of requests failing at random (500; 503 + Retry-After: 1;
 *    stored then the answer lost)      goal: drained in < 150 s, each stored exactly once;
 *  - a dead back end (every request 503, with and without Retry-After: 1) for 15 s
 *                                       goal: ≤ 1 request/s.
 * (The fault-free drain of 10,000 is in queue.bench.ts, straight to the demo back end as before.)
 * Prints figures; asserts nothing. Run: node tools/bench.mjs sync-faults
 * Env: SYNC_BENCH_SEED (fault draw, default 1), SYNC_BENCH_TIMEOUT_S (default 900),
 * SYNC_BENCH_ONLY=random|dead (one part only).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createFileKeyStore, createSyncWorker, openOutbox, type Outbox } from '../../offline-queue/index.js';
import { startFaultProxy, type FaultKind } from '../../offline-queue/test-support/fault-proxy.js';
import { startDemoBackend } from '../../main/demo-backend/index.js';

const TOKEN = 'bench-token';
const seed = Number(process.env.SYNC_BENCH_SEED ?? 1);
const timeoutS = Number(process.env.SYNC_BENCH_TIMEOUT_S ?? 900);
const root = mkdtempSync(join(tmpdir(), 'sync-faults-bench-'));
const keyStore = createFileKeyStore(join(root, 'key'));
const payload = (i: number) => ({
  applicant: { name: '欧阳晓明', idNumber: '320508195602290013', address: '江苏省苏州市姑苏区人民路100号', phone: '13800138000' },
  form: { purpose: '社保参保证明', copies: 1, remarks: 'x'.repeat(200) },
  seq: i,
});

async function filledOutbox(name: string, count: number): Promise<Outbox> {
  const outbox = await openOutbox({ dataDir: join(root, name), keyStore, kioskId: 'bench-kiosk' });
  for (let i = 0; i < count; i++) outbox.enqueue('bench.svc', payload(i));
  return outbox;
}

function storedOnce(dataDir: string): { n: number; ids: number } {
  const db = new Database(join(dataDir, 'demo-backend.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS ids FROM submissions').get() as { n: number; ids: number };
  } finally {
    db.close();
  }
}

async function underRandomFaults(): Promise<void> {
  const COUNT = 1000;
  const outbox = await filledOutbox('random', COUNT);
  const backendDir = join(root, 'backend-random');
  const backend = await startDemoBackend({ dataDir: backendDir, token: TOKEN });
  const proxy = await startFaultProxy({ target: backend.url, faultRate: 0.35, seed });
  const worker = createSyncWorker({ outbox, url: proxy.url, token: TOKEN, concurrency: 4 });
  const t0 = performance.now();
  // When 99 % were done: what is left after that is the per-submission back-off of the unluckiest few.
  let at99: number | undefined;
  const watch = setInterval(() => {
    if (at99 === undefined && outbox.status().done >= COUNT * 0.99) at99 = (performance.now() - t0) / 1000;
  }, 250);
  const progress = setInterval(() => {
    const s = outbox.status();
    console.log(`  … ${((performance.now() - t0) / 1000).toFixed(0)} s: done ${s.done}, pending ${s.pending + s.inFlight}, requests ${proxy.requests.length}`);
  }, 30_000);
  let outcome = 'drained';
  try {
    await worker.drain({ timeoutMs: timeoutS * 1000 });
  } catch (e) {
    outcome = `NOT drained (${(e as Error).message})`;
  }
  clearInterval(progress);
  clearInterval(watch);
  const secs = (performance.now() - t0) / 1000;
  await worker.stop();
  const s = outbox.status();
  outbox.close();
  await proxy.close();
  await backend.close();
  const held = storedOnce(backendDir);
  const faults = proxy.requests.filter((r) => r.fault).length;
  console.log(
    `${COUNT} pending, 35 % random faults (500 / 503 Retry-After: 1 / answer lost after storing; seed ${seed}), concurrency 4: ` +
      `${outcome} in ${secs.toFixed(1)} s (99 % after ${at99?.toFixed(1) ?? '–'} s), ${(s.done / secs).toFixed(1)} submissions/s  (goal: < 150 s)`,
  );
  console.log(
    `  requests ${proxy.requests.length} (${faults} faulted, ${((100 * faults) / Math.max(1, proxy.requests.length)).toFixed(1)} %); ` +
      `done ${s.done}, pending ${s.pending + s.inFlight}, dead ${s.dead}; back end holds ${held.n} rows for ${held.ids} ids`,
  );
}

async function deadBackend(faults: readonly FaultKind[], label: string): Promise<void> {
  const SECONDS = 15;
  const outbox = await filledOutbox(`dead-${label}`, 200);
  const backendDir = join(root, `backend-dead-${label}`);
  const backend = await startDemoBackend({ dataDir: backendDir, token: TOKEN });
  const proxy = await startFaultProxy({ target: backend.url, faultRate: 1, faults, seed });
  const worker = createSyncWorker({ outbox, url: proxy.url, token: TOKEN, concurrency: 4 });
  worker.start();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const n = proxy.requests.filter((r) => r.at - t0 < SECONDS * 1000).length;
  const firstSecond = proxy.requests.filter((r) => r.at - t0 < 1000).length;
  await worker.stop();
  outbox.close();
  await proxy.close();
  await backend.close();
  console.log(
    `dead back end (${label}) for ${SECONDS} s, 200 pending, concurrency 4: ${n} requests = ${(n / SECONDS).toFixed(2)} requests/s ` +
      `(${firstSecond} in the first second)  (goal: ≤ 1/s)`,
  );
}

const only = process.env.SYNC_BENCH_ONLY;
try {
  if (only !== 'dead') await underRandomFaults();
  if (only !== 'random') {
    await deadBackend(['503'], 'every request 503');
    await deadBackend(['503-retry-after'], 'every request 503 + Retry-After: 1');
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
