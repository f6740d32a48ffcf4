import { Worker } from 'node:worker_threads';
import { KioskError } from '../../../contracts/errors.js';
import type { InkReply } from './signature-worker.js';
import { workerBoot } from '../worker-boot.js';

/** The longest a signature decode may take (a 2000 × 2000 PNG takes ~0.3 s on a kiosk). */
const DECODE_TIMEOUT_MS = 5_000;

/**
 * Counts a signature's ink in a worker thread, one image at a time: while one is being decoded,
 * another is answered `busy` at once (the citizen signs once; a flood is not a citizen). A decode
 * over its time budget ends the worker; the next image starts a fresh one.
 */
export class InkCounter {
  private worker: Worker | null = null;
  private pending: { id: number; resolve(n: number): void; reject(e: Error): void; timer: NodeJS.Timeout } | null = null;
  private nextId = 1;

  constructor(private readonly timeoutMs = DECODE_TIMEOUT_MS) {}

  get busy(): boolean {
    return this.pending !== null;
  }

  /** Inked pixels of a PNG whose header was checked (`checkSignaturePng`). The caller's bytes are not changed. */
  count(png: Buffer): Promise<number> {
    if (this.pending) return Promise.reject(new KioskError('busy', 'signature.submit: still checking the previous signature', true));
    const w = this.ensureWorker();
    const id = this.nextId++;
    const copy = new Uint8Array(png);
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(id)?.reject(new KioskError('timeout', `signature.submit: the image took over ${this.timeoutMs} ms to decode`, true));
        void this.stop();
      }, this.timeoutMs);
      this.pending = { id, resolve, reject, timer };
      w.postMessage({ id, png: copy.buffer }, [copy.buffer]);
    });
  }

  async dispose(): Promise<void> {
    this.settle(this.pending?.id ?? -1)?.reject(new KioskError('cancelled', 'signature check: shutting down'));
    await this.stop();
  }

  private settle(id: number): InkCounter['pending'] {
    const p = this.pending;
    if (!p || p.id !== id) return null;
    this.pending = null;
    clearTimeout(p.timer);
    return p;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const boot = workerBoot(import.meta.url, 'signature-worker');
    // A decoded 2000 × 2000 image is 16 MB of RGBA: the heap limit leaves room for that and little more.
    const w = new Worker(boot, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 96 } });
    w.unref();
    w.on('message', (r: InkReply) => {
      const p = this.settle(r.id);
      if (!p) return;
      if (r.ok) p.resolve(r.ink);
      else p.reject(r.badInput ? new KioskError('bad-request', r.message) : new KioskError('internal', `signature check: ${r.message}`));
    });
    const fail = (why: string) => {
      if (this.worker !== w) return;
      this.worker = null;
      this.settle(this.pending?.id ?? -1)?.reject(new KioskError('internal', `signature check: ${why}`, true));
    };
    w.on('error', (e: unknown) => fail(e instanceof Error ? e.message : String(e)));
    w.on('exit', (code) => fail(`the worker stopped (exit ${code})`));
    this.worker = w;
    return w;
  }

  private async stop(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
