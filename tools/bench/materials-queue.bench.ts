import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { assembleMaterialPdf, type PdfPage } from '../../main/host/materials/materials-pdf.js';
import { PdfThread } from '../../main/host/materials/pdf-thread.js';
import { createFileKeyStore, createSyncWorker, openOutbox, type Outbox } from '../../offline-queue/index.js';

/**
 * A submission with a 10-page paper material (~5.5 MB PDF, ~7.4 MB body): PDF assembly, enqueue
 * (build, seal, insert) and sync to the back end, as `submission.submit` and the sync worker run
 * them, with the host's event-loop delay over the whole (goal: max < 200 ms on a quiet machine).
 * The back end runs on its own thread, as a real one runs on another machine: its parsing is not the
 * kiosk's. For comparison, the same on the host's loop alone (PDF and sealing in line), as before.
 */
const RUNS = 3;
const root = mkdtempSync(join(tmpdir(), 'materials-queue-bench-'));

/** The worst page the kiosk sends (just under 600 KB): camera noise does not compress. */
async function worstCasePage(): Promise<Buffer> {
  return sharp(randomBytes(1000 * 1200), { raw: { width: 1000, height: 1200, channels: 1 } }).jpeg({ quality: 60 }).toBuffer();
}

/** The demo back end on a worker thread; resolves its URL. */
function backendThread(dataDir: string): Promise<{ url: string; worker: Worker }> {
  const server = JSON.stringify(new URL('../../main/demo-backend/server.ts', import.meta.url).href);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const src = `const { parentPort, workerData } = require('node:worker_threads');
import(${tsx}).then((m) => { m.register(); return import(${server}); })
  .then((m) => m.startDemoBackend({ dataDir: workerData, token: 'bench-token' }))
  .then((b) => parentPort.postMessage(b.url), (e) => parentPort.postMessage({ error: String(e) }));`;
  const worker = new Worker(src, { eval: true, workerData: dataDir });
  return new Promise((resolve, reject) => {
    worker.once('message', (m: string | { error: string }) => (typeof m === 'string' ? resolve({ url: m, worker }) : reject(new Error(m.error))));
    worker.once('error', reject);
  });
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

const jpeg = await worstCasePage();
const pages: PdfPage[] = Array.from({ length: 10 }, (_, i) => ({ name: `第${i + 1}页`, format: 'jpeg', bytes: jpeg, width: 1000, height: 1200 }));
const { url, worker: backend } = await backendThread(join(root, 'backend'));
const pdfs = new PdfThread();
try {
  const keyStore = createFileKeyStore(join(root, 'key'));
  for (const how of ['worker threads', 'in line (before)'] as const) {
    const outbox: Outbox = await openOutbox({ dataDir: join(root, how.startsWith('worker') ? 'threads' : 'inline'), keyStore, kioskId: 'bench-kiosk' });
    const sync = createSyncWorker({ outbox, url, token: 'bench-token' });
    // Warm: the worker threads started, pdfkit and the fonts loaded, the connection open.
    await pdfs.assemble({ title: 'warm', pages: pages.slice(0, 1) });
    await outbox.enqueueAsync('household-materials', { warm: true });
    sync.start();
    await sync.drain({ timeoutMs: 60_000 });
    const maxes: number[] = [];
    const p99s: number[] = [];
    const walls: number[] = [];
    let bodyMb = 0;
    for (let i = 0; i < RUNS; i++) {
      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      const t0 = performance.now();
      let material;
      if (how === 'worker threads') {
        const pdf = await pdfs.assemble({ title: '户口簿', pages });
        material = { type: 'household-register', name: '户口簿', pages: 10, pdfBase64: pdf.pdfBase64, sha256: pdf.sha256 };
        await outbox.enqueueAsync('household-materials', { data: { phone: '13800000000' }, materials: [material] });
      } else {
        const pdf = await assembleMaterialPdf({ title: '户口簿', pages });
        material = { type: 'household-register', name: '户口簿', pages: 10, pdfBase64: pdf.toString('base64'), sha256: createHash('sha256').update(pdf).digest('hex') };
        outbox.enqueue('household-materials', { data: { phone: '13800000000' }, materials: [material] });
      }
      await sync.drain({ timeoutMs: 120_000 });
      walls.push(performance.now() - t0);
      delay.disable();
      maxes.push(delay.max / 1e6);
      p99s.push(delay.percentile(99) / 1e6);
      bodyMb = (material.pdfBase64.length * 1.0) / 1e6;
      if (outbox.status().done !== i + 2) throw new Error(`run ${i}: the submission was not acknowledged (${JSON.stringify(outbox.status())})`);
    }
    await sync.stop();
    outbox.close();
    console.log(
      `10-page material (${bodyMb.toFixed(1)} MB base64), PDF + enqueue + sync, ${how}: host event-loop delay max ${fmt(maxes)}, p99 ${fmt(p99s)}; wall ${fmt(walls)}` +
        (how === 'worker threads' ? '  (goal: max < 200 ms)' : ''),
    );
  }
} finally {
  await pdfs.dispose();
  await backend.terminate();
  rmSync(root, { recursive: true, force: true });
}

function fmt(xs: number[]): string {
  return `median ${pct(xs, 50).toFixed(0)} ms (worst ${Math.max(...xs).toFixed(0)} ms)`;
}
