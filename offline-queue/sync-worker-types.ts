import type { Disposable } from '../common/events.js';
import type { ThrottlePolicy } from './adaptive-throttle.js';
import type { BackoffPolicy } from './backoff.js';
import type { Outbox } from './outbox.js';
import type { SyncHttpClient } from './sync-client.js';

// The sync worker's public face: its options, status, alerts and the interface the host holds.

/** Options of {@link createSyncWorker}. */
export interface SyncWorkerOptions {
  outbox: Outbox;
  /** Back-end base URL (`backend.url`). */
  url: string;
  /** Bearer token (`backend.token`). */
  token: string;
  /** Requests in flight at once; default 4. */
  concurrency?: number;
  /** Whole-request timeout in ms; default 30000. */
  requestTimeoutMs?: number;
  /** Back-off for retries and for health probes while paused; default base 1 s, cap 5 min. */
  backoff?: Partial<BackoffPolicy>;
  /** Adaptive throttling from the back end's recent answers; see adaptive-throttle.ts for the defaults. */
  throttle?: Partial<ThrottlePolicy>;
  /** How often done rows past retention are purged, in ms; default 1 h. */
  purgeIntervalMs?: number;
  /** For tests: the HTTP client, the clock and the random source. */
  client?: SyncHttpClient;
  now?: () => number;
  random?: () => number;
}

/**
 * `stopped` before start/after stop; `idle` nothing due; `syncing` requests in flight;
 * `backing-off` waiting for a retry time; `paused-auth` the back end refused our token (401/403).
 */
export type SyncState = 'stopped' | 'idle' | 'syncing' | 'backing-off' | 'paused-auth';

/** Pushed to the host (and on to the UI indicator) whenever the worker's state changes. */
export interface SyncStatus {
  state: SyncState;
  /** When the next attempt is due (epoch ms), while backing off or paused. */
  retryAt?: number;
  /** Last failure, e.g. `HTTP 503` or `ECONNREFUSED`; never personal data. */
  lastError?: string;
  /**
   * Set while the back end as a whole is what holds sending (it fails most requests, or it asked
   * everyone to wait with `Retry-After`), not only submissions' own back-off.
   */
  throttled?: true;
}

/** Something a technician should know about. Ids only, never payloads. */
export type SyncAlert =
  | { kind: 'auth-failed'; status: number; message: string }
  | { kind: 'auth-resumed' }
  | { kind: 'dead-letter'; id: string; message: string }
  | { kind: 'payload-tampered'; id: string; message: string }
  | { kind: 'storage-error'; message: string };

/**
 * The sync worker: sends pending submissions to the back end per docs/protocol.md §4.
 *
 * How hard it pushes: each submission that fails waits its own exponential
 * back-off with full jitter (backoff.ts), and the back end as a whole is paced by an adaptive
 * throttle fed by the recent answers (adaptive-throttle.ts), never by a single failure: a back end
 * failing a third of its requests at random keeps full concurrency, a dead one gets ≤ 1 request/s.
 * `Retry-After` always holds the submission it answered; 429 also holds the whole queue, and 503
 * does so only while the back end is failing most requests (answer-policy.ts, RetryAfterScope).
 */
export interface SyncWorker {
  /** Begin sending; new enqueues are picked up at once. Idempotent. */
  start(): void;
  /**
   * Stop: aborts requests in flight and returns their rows to pending (the back end may or may not
   * have stored them; the idempotency key makes the next attempt safe). Resolves when all is settled.
   */
  stop(): Promise<void>;
  /**
   * Start if needed and resolve once nothing is pending or in flight (dead letters do not count).
   * @throws KioskError `timeout` when `timeoutMs` passes first.
   */
  drain(options?: { timeoutMs?: number }): Promise<void>;
  readonly status: SyncStatus;
  readonly onDidChangeStatus: (listener: (status: SyncStatus) => void) => Disposable;
  readonly onDidAlert: (listener: (alert: SyncAlert) => void) => Disposable;
}
