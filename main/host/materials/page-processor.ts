import { Worker } from 'node:worker_threads';
import { KioskError } from '../../../contracts/errors.js';
import type { MaterialsReply, MaterialsRequest } from './materials-worker.js';
import type { PaperKind, Quad } from './page-processing.js';
import type { ProcessedPage, ProcessOptions } from './process-page.js';
import { workerBoot } from '../worker-boot.js';

/** How long a new worker may take to compile OpenCV before a request counts as failed. */
const START_TIMEOUT_MS = 60_000;
/** A worker silent this long after a request's budget ran out is stuck, not slow (at least; 3 × the budget by default). */
const STUCK_AFTER_MIN_MS = 15_000;

type Ready = { ready: true } | { ready: false; message: string };
type Pending = { id: number; resolve(r: MaterialsReply): void; reject(e: Error): void; timer: NodeJS.Timeout };

/**
 * A worker thread running OpenCV, one request at a time: while one frame is being worked on,
 * another is answered `busy` at once (a citizen captures one page at a time; the live outline skips
 * a preview frame rather than queueing it). A request over its time budget is answered `timeout`
 * at once, but the worker keeps the frame: a frame that is merely slow (a busy machine) would
 * otherwise cost a fresh worker and OpenCV's compile, seconds of the CPU that was short already, and
 * the next frame would be late again. Only a worker still silent `stuckAfterMs` after the budget is
 * ended; the next request starts a fresh one.
 */
export class PageProcessor {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private pending: Pending | null = null;
  private nextId = 1;

  private workersStarted = 0;

  /** `timeoutMs` counts from when OpenCV is up (its start has a budget of its own). */
  constructor(
    private readonly what: string,
    private readonly timeoutMs: number,
    private readonly stuckAfterMs = Math.max(STUCK_AFTER_MIN_MS, 3 * timeoutMs),
  ) {}

  get busy(): boolean {
    return this.pending !== null;
  }

  /** How many workers have been started: one, unless a worker failed or got stuck. */
  get starts(): number {
    return this.workersStarted;
  }

  /** Warm the worker (compile OpenCV) before the first frame arrives. */
  warm(): void {
    this.ensureWorker();
  }

  /** Start the worker if need be and wait until OpenCV is up (a health check); rejects on a failed or slow start. */
  async started(timeoutMs: number): Promise<void> {
    this.ensureWorker();
    const ready = this.ready!;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new KioskError('timeout', `${this.what}: OpenCV did not start within ${timeoutMs} ms`, true)), timeoutMs);
    });
    try {
      await Promise.race([ready, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async process(image: Buffer, options: ProcessOptions): Promise<ProcessedPage> {
    const r = await this.run((id, buf) => ({ id, kind: 'process', image: buf, options }), image);
    if (!r.ok || r.kind !== 'process') throw new KioskError('internal', `${this.what}: unexpected worker answer`);
    // Buffers arrive from the worker as plain Uint8Arrays (structured clone): Buffers again, same memory.
    const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
    return r.page.ok ? { ...r.page, bytes: asBuffer(r.page.bytes), thumbnail: asBuffer(r.page.thumbnail) } : r.page;
  }

  async detect(image: Buffer, paper: PaperKind = 'A4'): Promise<Quad | null> {
    const r = await this.run((id, buf) => ({ id, kind: 'detect', image: buf, paper }), image);
    if (!r.ok || r.kind !== 'detect') throw new KioskError('internal', `${this.what}: unexpected worker answer`);
    return r.corners;
  }

  async dispose(): Promise<void> {
    this.settle(this.pending?.id ?? -1)?.reject(new KioskError('cancelled', `${this.what}: shutting down`));
    await this.stop();
  }

  private run(make: (id: number, image: ArrayBuffer) => MaterialsRequest, image: Buffer): Promise<MaterialsReply & { ok: true }> {
    if (this.pending) return Promise.reject(new KioskError('busy', `${this.what}: still working on the previous frame`, true));
    const w = this.ensureWorker();
    const ready = this.ready!;
    const id = this.nextId++;
    // The worker gets its own copy (transferred, so it is not copied twice); the caller zeroes theirs.
    const copy = new Uint8Array(image);
    return new Promise<MaterialsReply>((resolve, reject) => {
      // Held as pending from now (a second frame meanwhile is answered busy); the budget starts once OpenCV is up.
      const startTimer = setTimeout(() => {
        this.settle(id)?.reject(new KioskError('timeout', `${this.what}: OpenCV did not start within ${START_TIMEOUT_MS} ms`, true));
        void this.stop();
      }, START_TIMEOUT_MS);
      this.pending = { id, resolve, reject, timer: startTimer };
      ready.then(
        () => {
          if (this.pending?.id !== id || this.worker !== w) return;
          clearTimeout(startTimer);
          this.pending.timer = setTimeout(() => this.overBudget(id), this.timeoutMs);
          w.postMessage(make(id, copy.buffer), [copy.buffer]);
        },
        (e: unknown) => this.settle(id)?.reject(new KioskError('internal', `${this.what}: ${e instanceof Error ? e.message : String(e)}`, true)),
      );
    }).then((r) => {
      if (!r.ok) throw r.badInput ? new KioskError('bad-request', `${this.what}: ${r.message}`) : new KioskError('internal', `${this.what}: ${r.message}`, true);
      return r;
    });
  }

  /** The caller hears `timeout` now; the frame stays pending (later ones are `busy`) until the worker answers or is stuck. */
  private overBudget(id: number): void {
    const p = this.pending;
    if (!p || p.id !== id) return;
    p.reject(new KioskError('timeout', `${this.what}: the frame took over ${this.timeoutMs} ms`, true));
    p.timer = setTimeout(() => {
      if (this.settle(id)) void this.stop();
    }, this.stuckAfterMs);
  }

  private settle(id: number): Pending | null {
    const p = this.pending;
    if (!p || p.id !== id) return null;
    this.pending = null;
    clearTimeout(p.timer);
    return p;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const boot = workerBoot(import.meta.url, 'materials-worker');
    const w = new Worker(boot, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    w.unref();
    this.workersStarted++;
    let started!: (r: Ready) => void;
    this.ready = new Promise<Ready>((resolve) => (started = resolve)).then((r) => {
      if (!r.ready) throw new Error(`OpenCV did not start: ${r.message}`);
    });
    // A failed start is reported to the request waiting on it; none waiting: nothing to tell.
    this.ready.catch(() => undefined);
    w.on('message', (r: MaterialsReply | Ready) => {
      if ('ready' in r) started(r);
      else this.settle(r.id)?.resolve(r);
    });
    const fail = (why: string) => {
      started({ ready: false, message: why });
      if (this.worker !== w) return;
      this.worker = null;
      this.ready = null;
      this.settle(this.pending?.id ?? -1)?.reject(new KioskError('internal', `${this.what}: ${why}`, true));
    };
    w.on('error', (e: unknown) => fail(e instanceof Error ? e.message : String(e)));
    w.on('exit', (code) => fail(`the worker stopped (exit ${code})`));
    this.worker = w;
    return w;
  }

  private async stop(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    if (w) await w.terminate();
  }
}
