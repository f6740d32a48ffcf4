import createDebug from 'debug';
import { KioskError, isCancellation, toErrorData } from '../contracts/errors.js';
import { decide, type Decision } from './answer-policy.js';
import { AdaptiveThrottle, type SendTicket } from './adaptive-throttle.js';
import { DEFAULT_BACKOFF, fullJitterDelay, submissionRetryDelay, type BackoffPolicy } from './backoff.js';
import { Emitter, type Disposable } from '../common/events.js';
import type { Outbox } from './outbox.js';
import type { ClaimedSubmission, Settlement } from './outbox-types.js';
import { createSyncHttpClient, type SyncHttpClient } from './sync-client.js';
import type { SyncAlert, SyncStatus, SyncWorker, SyncWorkerOptions } from './sync-worker-types.js';

export type { SyncAlert, SyncState, SyncStatus, SyncWorker, SyncWorkerOptions } from './sync-worker-types.js';

const debug = createDebug('kiosk:sync');

/**
 * Create the worker. Why on the host's event loop and not a worker thread: every SQLite step here is
 * one short transaction on an indexed table (claim ≤ `concurrency` rows, settle a batch), i.e. well
 * under a millisecond plus one WAL fsync; serial and HID drivers buffer incoming bytes in the kernel
 * and libuv, so a pause that short delays device I/O by at most that long and loses nothing. The UI
 * runs in another process (renderer) and is never blocked by it. Network waits are all async.
 */
export function createSyncWorker(options: SyncWorkerOptions): SyncWorker {
  return new Worker(options);
}

interface Drainer {
  resolve(): void;
  reject(e: unknown): void;
  timer?: NodeJS.Timeout;
}

class Worker implements SyncWorker {
  private readonly outbox: Outbox;
  private readonly client: SyncHttpClient;
  private readonly ownsClient: boolean;
  private readonly concurrency: number;
  private readonly policy: BackoffPolicy;
  private readonly purgeIntervalMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly statusEmitter = new Emitter<SyncStatus>({ listenerErrors: 'defer' });
  private readonly alertEmitter = new Emitter<SyncAlert>({ listenerErrors: 'defer' });
  private current: SyncStatus = { state: 'stopped' };

  private running = false;
  private paused = false;
  private readonly active = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private settlements: Settlement[] = [];
  private flushScheduled: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;
  private probeAbort: AbortController | undefined;
  private changeSub: Disposable | undefined;
  private readonly throttle: AdaptiveThrottle;
  /** 429 + Retry-After: this client was told to slow down; nothing is sent before this. */
  private strictHoldUntil = 0;
  /**
   * 503 + Retry-After from a back end the throttle does not see as healthy: the service said it is
   * unavailable; held until then, or until an answer shows it is not.
   */
  private softHoldUntil = 0;
  private authFailures = 0;
  private lastError: string | undefined;
  private readonly drainers = new Set<Drainer>();

  constructor(o: SyncWorkerOptions) {
    this.outbox = o.outbox;
    this.concurrency = Math.max(1, Math.floor(o.concurrency ?? 4));
    this.policy = { ...DEFAULT_BACKOFF, ...o.backoff };
    this.purgeIntervalMs = o.purgeIntervalMs ?? 60 * 60 * 1000;
    this.now = o.now ?? Date.now;
    this.random = o.random ?? Math.random;
    this.throttle = new AdaptiveThrottle(o.throttle, this.now, this.random);
    this.ownsClient = !o.client;
    this.client = o.client ?? createSyncHttpClient({ url: o.url, token: o.token, maxSockets: this.concurrency, timeoutMs: o.requestTimeoutMs });
  }

  readonly onDidChangeStatus = this.statusEmitter.event;
  readonly onDidAlert = this.alertEmitter.event;

  get status(): SyncStatus {
    return { ...this.current };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // New enqueues (and technician retries) wake the worker at once instead of at the next timer.
    this.changeSub = this.outbox.onDidChange(() => this.pump());
    this.purgeTimer = setInterval(() => this.guard(() => this.outbox.purgeDone()), this.purgeIntervalMs);
    this.purgeTimer.unref();
    this.pump();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.paused = false;
    this.changeSub?.dispose();
    clearTimeout(this.timer);
    clearInterval(this.purgeTimer);
    this.probeAbort?.abort();
    for (const a of this.active.values()) a.abort.abort();
    await Promise.all([...this.active.values()].map((a) => a.done));
    this.flush();
    if (this.ownsClient) this.client.close();
    this.setStatus({ state: 'stopped' });
    for (const d of this.drainers) {
      clearTimeout(d.timer);
      d.reject(new KioskError('cancelled', 'sync worker stopped before the queue drained'));
    }
    this.drainers.clear();
  }

  drain(options: { timeoutMs?: number } = {}): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const d: Drainer = { resolve, reject };
      if (options.timeoutMs !== undefined) {
        d.timer = setTimeout(() => {
          this.drainers.delete(d);
          reject(new KioskError('timeout', `queue not drained within ${options.timeoutMs} ms`, true));
        }, options.timeoutMs);
      }
      this.drainers.add(d);
      this.start();
      this.checkDrained();
    });
  }

  /** Claim what is due and send it; or sleep until the next row is due. Never throws. */
  private pump(): void {
    if (!this.running || this.paused) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.now();
    // Epoch ms before which the back end as a whole gets nothing (Infinity: until the probe out answers).
    const gate = Math.max(this.strictHoldUntil, this.softHoldUntil, this.throttle.nextSendAt());
    let free = this.concurrency - this.active.size;
    if (free > 0 && gate <= now) {
      const rows = this.guard(() => this.outbox.claimDue(Math.min(free, this.throttle.available())));
      if (rows === undefined) {
        this.sleepUntil(now + this.policy.baseMs);
        return;
      }
      for (const row of rows) this.send(row, this.throttle.onSend());
      free -= rows.length;
    }
    if (this.active.size > 0) {
      // Answers wake the pump; a row coming due (or a hold ending) while a slot is free must too.
      const next = free > 0 ? this.guard(() => this.outbox.nextDueAt()) : undefined;
      const held = next !== undefined && next !== null && next <= now && gate > now;
      this.setStatus({ state: 'syncing', lastError: this.lastError, ...(held ? { throttled: true as const } : {}) });
      if (next !== undefined && next !== null) this.sleepUntil(Math.max(next, gate));
      return;
    }
    const next = this.guard(() => this.outbox.nextDueAt());
    if (next === undefined) {
      this.sleepUntil(now + this.policy.baseMs);
    } else if (next === null) {
      this.setStatus({ state: 'idle' });
    } else {
      const at = Math.max(next, gate);
      this.setStatus({ state: 'backing-off', retryAt: at, lastError: this.lastError, ...(gate > next ? { throttled: true as const } : {}) });
      this.sleepUntil(at);
    }
    this.checkDrained();
  }

  private sleepUntil(at: number): void {
    clearTimeout(this.timer);
    if (!Number.isFinite(at)) return;
    // Re-check at least once a minute: another process (kiosk-diag) may have changed the queue.
    const wait = Math.min(Math.max(0, at - this.now()), 60_000);
    this.timer = setTimeout(() => this.pump(), wait);
  }

  private send(row: ClaimedSubmission, ticket: SendTicket): void {
    const abort = new AbortController();
    const done = this.attempt(row, ticket, abort.signal).then((s) => {
      this.active.delete(row.id);
      this.settlements.push(s);
      this.scheduleFlush();
    });
    this.active.set(row.id, { abort, done });
  }

  /** One attempt at one submission; resolves to its settlement (never rejects). */
  private async attempt(row: ClaimedSubmission, ticket: SendTicket, signal: AbortSignal): Promise<Settlement> {
    let body: Buffer;
    try {
      body = this.outbox.openBody(row);
    } catch (e) {
      const message = toErrorData(e).message;
      debug('submission %s: stored payload failed authentication', row.id);
      this.alertEmitter.fire({ kind: 'payload-tampered', id: row.id, message });
      this.throttle.onCancelled(ticket);
      return { id: row.id, kind: 'dead', error: `payload-tampered: ${message}` };
    }
    let decision: Decision;
    try {
      decision = decide(await this.client.postSubmission(row.id, body, signal), this.now());
    } catch (e) {
      if (isCancellation(e) || !this.running) {
        this.throttle.onCancelled(ticket);
        return { id: row.id, kind: 'release' };
      }
      decision = { kind: 'retry', error: toErrorData(e).message, global: true };
    }
    if (decision.kind === 'retry' && decision.global) {
      this.throttle.onFailed(ticket);
    } else {
      this.throttle.onAccepted(ticket);
      // The back end just did its work, so a 503's claim that it is unavailable no longer holds.
      this.softHoldUntil = 0;
    }
    return this.apply(row, decision);
  }

  private apply(row: ClaimedSubmission, d: Decision): Settlement {
    const now = this.now();
    switch (d.kind) {
      case 'done':
        this.authFailures = 0;
        this.lastError = undefined;
        debug('submission %s done', row.id);
        return { id: row.id, kind: 'done', receiptNo: d.receiptNo, receivedAt: d.receivedAt };
      case 'dead':
        debug('submission %s dead-lettered: %s', row.id, d.error);
        this.alertEmitter.fire({ kind: 'dead-letter', id: row.id, message: d.error });
        return { id: row.id, kind: 'dead', error: d.error };
      case 'auth':
        this.lastError = d.error;
        this.pauseForAuth(d);
        return { id: row.id, kind: 'release' };
      case 'retry': {
        this.lastError = d.error;
        // This submission waits what the server said, or its own exponential back-off.
        const delay = d.retryAfterMs ?? submissionRetryDelay(row.attempts, this.throttle.healthy, this.policy, this.random);
        // The rest of the queue: see Decision['retryAfterScope'] for why 429 and 503 differ.
        if (d.retryAfterMs !== undefined && d.retryAfterScope === 'client') this.strictHoldUntil = Math.max(this.strictHoldUntil, now + d.retryAfterMs);
        if (d.retryAfterMs !== undefined && d.retryAfterScope === 'service' && !this.throttle.healthy) {
          this.softHoldUntil = Math.max(this.softHoldUntil, now + d.retryAfterMs);
        }
        debug('submission %s retry in %d ms: %s', row.id, delay, d.error);
        return { id: row.id, kind: 'retry', nextAttemptMs: now + delay, error: d.error, countAttempt: true };
      }
    }
  }

  private pauseForAuth(d: { status: number; error: string }): void {
    if (this.paused || !this.running) return;
    this.paused = true;
    this.authFailures++;
    clearTimeout(this.timer);
    debug('back end answered %d: sync paused', d.status);
    this.alertEmitter.fire({ kind: 'auth-failed', status: d.status, message: `back end refused the kiosk's credentials (${d.error}); sync paused` });
    this.scheduleProbe(0);
  }

  /** While paused, probe `GET /v1/health` with back-off; resume on 200. */
  private scheduleProbe(probe: number): void {
    // At least one base interval, so a back end whose health is fine but whose token check still
    // fails is not hammered in a tight resume → 401 loop; grows with repeated auth failures.
    const wait = this.policy.baseMs + fullJitterDelay(probe + this.authFailures - 1, this.policy, this.random);
    const retryAt = this.now() + wait;
    this.setStatus({ state: 'paused-auth', retryAt, lastError: this.lastError });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.running || !this.paused) return;
      const abort = new AbortController();
      this.probeAbort = abort;
      this.client.health(abort.signal).then(
        (answer) => {
          if (!this.running || !this.paused) return;
          if (answer.status === 200) {
            this.paused = false;
            debug('health answered 200: sync resumed');
            this.alertEmitter.fire({ kind: 'auth-resumed' });
            this.pump();
          } else {
            this.scheduleProbe(probe + 1);
          }
        },
        (e: unknown) => {
          if (!this.running || !this.paused || isCancellation(e)) return;
          this.lastError = toErrorData(e).message;
          this.scheduleProbe(probe + 1);
        },
      );
    }, wait);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    // Group commit: every answer that arrived in this event-loop turn is settled in one transaction.
    this.flushScheduled = setImmediate(() => {
      this.flushScheduled = undefined;
      this.flush();
      this.pump();
      this.checkDrained();
    });
  }

  private flush(): void {
    if (this.flushScheduled) {
      clearImmediate(this.flushScheduled);
      this.flushScheduled = undefined;
    }
    if (!this.settlements.length) return;
    const batch = this.settlements;
    this.settlements = [];
    const ok = this.guard(() => {
      this.outbox.settle(batch);
      return true;
    });
    // If the write failed the rows stay in-flight in the file; put the outcomes back to try again.
    if (ok === undefined) this.settlements.unshift(...batch);
  }

  private checkDrained(): void {
    if (!this.drainers.size || this.active.size || this.settlements.length) return;
    const unsent = this.guard(() => this.outbox.hasUnsent());
    if (unsent !== false) return;
    for (const d of this.drainers) {
      clearTimeout(d.timer);
      d.resolve();
    }
    this.drainers.clear();
  }

  /** Run a storage step; a failure (disk full, locked too long) is reported, and the caller retries later. */
  private guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      const message = toErrorData(e).message;
      debug('outbox storage error: %s', message);
      this.alertEmitter.fire({ kind: 'storage-error', message });
      return undefined;
    }
  }

  private setStatus(s: SyncStatus): void {
    const c = this.current;
    if (c.state === s.state && c.retryAt === s.retryAt && c.lastError === s.lastError && c.throttled === s.throttled) return;
    this.current = s;
    this.statusEmitter.fire({ ...s });
  }
}
