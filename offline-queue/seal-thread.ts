import { Worker } from 'node:worker_threads';
import { workerBoot } from '../common/worker-boot.js';
import { ErrorCode, KioskError } from '../contracts/errors.js';
import type { BodyInput, SealedRow } from './outbox-body.js';
import type { CipherName } from './payload-cipher.js';
import type { SealReply, SealRequest, SealWorkerData } from './seal-worker.js';

/** Time for one request, the worker's start included (a 16 MB body seals in well under a second; SM4 in JavaScript takes longer). */
export const SEAL_TIMEOUT_MS = 60_000;

interface Pending {
  resolve(rows: SealedRow[]): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * The outbox's sealing thread ({@link SealWorkerData}): started at the first request, kept for the
 * next, ended by `close()`. A request over {@link SEAL_TIMEOUT_MS} or a worker that dies fails what
 * it had (nothing was stored: the rows are inserted only after they come back), and the next request
 * starts a fresh worker.
 */
export class SealThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly config: { masterKey: Uint8Array; cipher: CipherName; kioskId: string; timeoutMs?: number }) {}

  seal(inputs: BodyInput[]): Promise<SealedRow[]> {
    const w = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<SealedRow[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new KioskError('timeout', `sealing the submission took over ${this.config.timeoutMs ?? SEAL_TIMEOUT_MS} ms`, true));
      }, this.config.timeoutMs ?? SEAL_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      try {
        w.postMessage({ id, inputs } satisfies SealRequest);
      } catch (e) {
        // A value structured clone cannot carry (a function, a symbol): the payload is not plain JSON.
        this.settle(id)?.reject(new KioskError('bad-request', `submission payload is not plain JSON (${e instanceof Error ? e.message : String(e)})`));
      }
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(new KioskError('cancelled', 'the outbox was closed before the submission was sealed', true));
    if (w) await w.terminate();
  }

  private settle(id: number): Pending | null {
    const p = this.pending.get(id);
    if (!p) return null;
    this.pending.delete(id);
    clearTimeout(p.timer);
    return p;
  }

  /** Every request in flight fails with `e`; the worker goes (the next request starts another). */
  private fail(e: Error): void {
    const w = this.worker;
    this.worker = null;
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(e);
    if (w) void w.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // The worker gets its own copy of the key (zeroed there once its sealer has derived the keys).
    const workerData: SealWorkerData = { masterKey: new Uint8Array(this.config.masterKey), cipher: this.config.cipher, kioskId: this.config.kioskId };
    const w = new Worker(workerBoot(import.meta.url, 'seal-worker'), { eval: true, workerData, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    w.unref();
    w.on('message', (r: SealReply) => {
      const p = this.settle(r.id);
      if (!p) return;
      if (r.ok) p.resolve(r.rows.map((row) => ({ ...row, sealed: Buffer.from(row.sealed.buffer, row.sealed.byteOffset, row.sealed.byteLength) })));
      else p.reject(new KioskError(ErrorCode.safeParse(r.code).success ? (r.code as ErrorCode) : 'internal', r.message, r.retryable));
    });
    w.on('error', (e: unknown) => {
      if (this.worker === w) this.fail(new KioskError('internal', `the sealing thread failed: ${e instanceof Error ? e.message : String(e)}`, true));
    });
    w.on('exit', (code) => {
      if (this.worker === w) this.fail(new KioskError('internal', `the sealing thread stopped (exit ${code})`, true));
    });
    this.worker = w;
    return w;
  }
}
