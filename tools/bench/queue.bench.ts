/**
 * Offline-queue benchmark (goals: p99 enqueue < 20 ms; ≥ 300 durable enqueues/s;
 * 10,000 pending submissions drained to the embedded back end on loopback in < 30 s).
 * Prints figures; asserts nothing. Run: node tools/bench.mjs queue
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createFileKeyStore, createSyncWorker, openOutbox } from '../../offline-queue/index.js';
import { startDemoBackend } from '../../main/demo-backend/index.js';

const root = mkdtempSync(join(tmpdir(), 'queue-bench-'));
const payload = (i: number) => ({
  applicant: { name: '欧阳晓明', idNumber: '320508195602290013', address: '江苏省苏州市姑苏区人民路100号', phone: '13800138000' },
  form: { purpose: '社保参保证明', copies: 1, remarks: 'x'.repeat(200) },
  seq: i,
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

try {
  const keyStore = createFileKeyStore(join(root, 'key'));
  for (const cipher of ['aes-256-gcm', 'sm4-gcm'] as const) {
    const outbox = await openOutbox({ dataDir: join(root, `enqueue-${cipher}`), keyStore, kioskId: 'bench-kiosk', cipher });
    for (let i = 0; i < 100; i++) outbox.enqueue('bench.svc', payload(i)); // warm-up
    const N = 3000;
    const lat: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const a = performance.now();
      outbox.enqueue('bench.svc', payload(i));
      lat.push(performance.now() - a);
    }
    const secs = (performance.now() - t0) / 1000;
    lat.sort((x, y) => x - y);
    console.log(
      `enqueue (${cipher}, one transaction each, WAL + synchronous=FULL): ${(N / secs).toFixed(0)} durable enqueues/s; ` +
        `latency p50 ${percentile(lat, 50).toFixed(2)} ms, p99 ${percentile(lat, 99).toFixed(2)} ms, max ${lat[lat.length - 1]!.toFixed(2)} ms  (goal: ≥ 300/s, p99 < 20 ms)`,
    );
    outbox.close();
  }

  const outbox = await openOutbox({ dataDir: join(root, 'drain'), keyStore, kioskId: 'bench-kiosk' });
  const COUNT = 10_000;
  for (let i = 0; i < COUNT; i++) outbox.enqueue('bench.svc', payload(i));
  const backend = await startDemoBackend({ dataDir: join(root, 'backend'), token: 'bench-token' });
  const worker = createSyncWorker({ outbox, url: backend.url, token: 'bench-token', concurrency: 4 });
  const t0 = performance.now();
  await worker.drain({ timeoutMs: 300_000 });
  const secs = (performance.now() - t0) / 1000;
  await worker.stop();
  const s = outbox.status();
  outbox.close();
  await backend.close();
  const db = new Database(join(root, 'backend', 'demo-backend.sqlite'), { readonly: true });
  const stored = (db.prepare('SELECT COUNT(*) AS n FROM submissions').get() as { n: number }).n;
  db.close();
  console.log(
    `drain ${COUNT} pending to the embedded back end on loopback (concurrency 4, keep-alive): ${secs.toFixed(2)} s, ${(COUNT / secs).toFixed(0)} submissions/s  (goal: < 30 s)`,
  );
  console.log(`  after drain: done ${s.done}, pending ${s.pending}, dead ${s.dead}; back end holds ${stored}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
