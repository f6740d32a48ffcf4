/** The part of a `node:worker_threads` Worker a {@link RequestThread} uses (common/ imports nothing). */
export interface ThreadWorker {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  unref(): void;
  terminate(): Promise<number>;
}

/** Why the requests in flight failed. */
export type ThreadFailure =
  | { kind: 'timeout'; ms: number }
  | { kind: 'failed'; message: string }
  | { kind: 'stopped'; code: number }
  | { kind: 'closed' }
  | { kind: 'unsendable'; message: string };

export interface RequestThreadOptions {
  /** Starts the worker: at the first request, and at the next one after a failure. */
  start(): ThreadWorker;
  /** Time for one request, the worker's start included. */
  timeoutMs: number;
  /** The error a request fails with, worded by the caller (its error codes live in contracts/). */
  error(why: ThreadFailure): Error;
}

interface Pending {
  answer(reply: unknown): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Requests to a worker thread that answers each `{ id, … }` message with a `{ id, … }` reply: the
 * worker starts at the first request and is kept for the next. A request over its time, or a worker
 * that fails or stops, fails every request in flight and ends that worker; the next request starts
 * a fresh one. `close()` fails what is in flight and ends the worker.
 */
export class RequestThread<Reply extends { id: number }> {
  private worker: ThreadWorker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly options: RequestThreadOptions) {}

  /**
   * Send `message(id)`; resolves with `answer(reply)`, or rejects with what `answer` throws. A
   * message structured clone cannot carry fails as `unsendable` and leaves the worker running.
   */
  request<T>(message: (id: number) => unknown, answer: (reply: Reply) => T): Promise<T> {
    const w = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(this.options.error({ kind: 'timeout', ms: this.options.timeoutMs })), this.options.timeoutMs);
      const settle = (reply: unknown) => {
        try {
          resolve(answer(reply as Reply));
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      };
      this.pending.set(id, { answer: settle, reject, timer });
      try {
        w.postMessage(message(id));
      } catch (e) {
        this.take(id)?.reject(this.options.error({ kind: 'unsendable', message: e instanceof Error ? e.message : String(e) }));
      }
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    for (const id of [...this.pending.keys()]) this.take(id)?.reject(this.options.error({ kind: 'closed' }));
    if (w) await w.terminate();
  }

  private take(id: number): Pending | null {
    const p = this.pending.get(id);
    if (!p) return null;
    this.pending.delete(id);
    clearTimeout(p.timer);
    return p;
  }

  private fail(e: Error): void {
    const w = this.worker;
    this.worker = null;
    for (const id of [...this.pending.keys()]) this.take(id)?.reject(e);
    if (w) void w.terminate();
  }

  private ensureWorker(): ThreadWorker {
    if (this.worker) return this.worker;
    const w = this.options.start();
    w.unref();
    w.on('message', (r) => this.take((r as Reply).id)?.answer(r));
    w.on('error', (e) => {
      if (this.worker === w) this.fail(this.options.error({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }));
    });
    w.on('exit', (code) => {
      if (this.worker === w) this.fail(this.options.error({ kind: 'stopped', code }));
    });
    this.worker = w;
    return w;
  }
}
