import type { Disposable } from '../common/events.js';
import type { OutboxCorruptError } from './outbox-integrity.js';
import type { CipherName } from './payload-cipher.js';

/** Counts of the outbox, as `kiosk-diag queue status --json` prints them (docs/protocol.md §3). */
export interface QueueStatus {
  pending: number;
  inFlight: number;
  done: number;
  dead: number;
  /**
   * Age in ms of the oldest submission not yet acknowledged by the back end (pending or in flight);
   * 0 when there is none.
   */
  oldestPendingAgeMs: number;
}

export type SubmissionState = 'pending' | 'in-flight' | 'done' | 'dead';

/**
 * Where one submission stands, as the citizen's done screen asks (no payload). `receiptNo` is the
 * back end's number (docs/protocol.md §4: the 201/200 body) the citizen can look the case up by later;
 * null until the back end has acknowledged it, or when its answer carried none.
 */
export interface SubmissionOutcome {
  state: SubmissionState;
  receiptNo: string | null;
  receivedAt: string | null;
}

/** A row the sync worker has claimed (now `in-flight`). The body is still sealed. */
export interface ClaimedSubmission {
  id: string;
  serviceId: string;
  /** Attempts made before this one. */
  attempts: number;
  sealed: Buffer;
}

/** What the sync worker learned about one claimed submission; applied in batches by `settle`. */
export type Settlement =
  | { id: string; kind: 'done'; receiptNo?: string; receivedAt?: string }
  | { id: string; kind: 'dead'; error: string }
  | { id: string; kind: 'retry'; nextAttemptMs: number; error: string; countAttempt: boolean }
  | { id: string; kind: 'release' };

/** A dead-lettered submission as a technician sees it in a list (no payload). */
export interface DeadItem {
  id: string;
  serviceId: string;
  createdAt: string;
  attempts: number;
  lastError: string | null;
}

/** A dead-lettered submission exported for a technician, with its exact body (personal data!). */
export interface DeadExport extends DeadItem {
  /** The canonical JSON body exactly as it was (and would again be) sent; null if it failed to open. */
  body: string | null;
  /** Set when the stored body failed authentication. */
  integrityError?: string;
}

/** One member of a life-event bundle as stored: what the kiosk shows of it after submitting (no payload). */
export interface BundleMemberOutcome extends SubmissionOutcome {
  id: string;
  serviceId: string;
  /** Position in the bundle (0-based, as sent in the body's `bundle.member`). */
  member: number;
  /** The back end's refusal (or the last transport error), short and without payload data. */
  lastError: string | null;
}

/** What {@link Outbox.enqueueBundle} stored: the bundle's id and each member's submission id, in order. */
export interface EnqueuedBundle {
  bundleId: string;
  ids: string[];
}

/**
 * The durable outbox: one SQLite row per citizen submission, sealed at rest, each with an id that is
 * the idempotency key forever. All methods are synchronous and each is one short transaction
 * (a few hundred µs plus one fsync); see sync-worker.ts for why that is fine on the host's loop.
 */
export interface Outbox {
  readonly file: string;
  readonly kioskId: string;
  readonly cipher: CipherName;
  /**
   * Store a submission durably. Returns its id only after the transaction committed (with
   * synchronous=FULL: after the WAL fsync). `payload` must be plain JSON.
   * @throws KioskError `bad-request` for a payload JSON cannot carry or a body over MAX_BODY_BYTES (16 MiB).
   */
  enqueue(serviceId: string, payload: Record<string, unknown>): string;
  /**
   * As {@link enqueue}, with the body built and sealed on a worker thread: for bodies of several MB
   * (paper materials), whose serialisation and encryption would hold the event loop for a second.
   * Only the insert runs here. The id is fixed before and handed out only after the commit.
   */
  enqueueAsync(serviceId: string, payload: Record<string, unknown>): Promise<string>;
  /**
   * Store every member of a life-event bundle in ONE transaction: all of them or none. Each member
   * is an ordinary submission with its own id (its idempotency key), and its body carries the link
   * `bundle: { id, bundle, member, members }` (docs/protocol.md §4), so the back end can tie the
   * departments' cases together. Returns only after the commit.
   * @throws KioskError `bad-request` for a bad service id, payload or member count (1–20).
   */
  enqueueBundle(bundle: string, members: readonly { serviceId: string; payload: Record<string, unknown> }[]): EnqueuedBundle;
  /** As {@link enqueueBundle}, every member's body built and sealed on the worker thread; still one transaction. */
  enqueueBundleAsync(bundle: string, members: readonly { serviceId: string; payload: Record<string, unknown> }[]): Promise<EnqueuedBundle>;
  /** Where each member of bundle `bundleId` stands, in member order; empty when unknown (or purged). */
  bundleOutcome(bundleId: string): BundleMemberOutcome[];
  status(): QueueStatus;
  /**
   * Set once SQLite has called the file damaged while it was open: from then on `enqueue` refuses
   * (the file is kept as it is for `kiosk-diag queue salvage`). null while the file is sound.
   */
  fault(): OutboxCorruptError | null;
  /** Fires once, when {@link fault} becomes set. */
  readonly onDidFault: (listener: (fault: OutboxCorruptError) => void) => Disposable;
  /** Fires (coalesced, at most once per event-loop turn) after any change, with fresh counts. */
  readonly onDidChange: (listener: (status: QueueStatus) => void) => Disposable;

  /** Claim up to `limit` due pending rows, oldest first, marking them in-flight. */
  claimDue(limit: number): ClaimedSubmission[];
  /** The exact body bytes to send. @throws PayloadIntegrityError when the stored record was tampered with. */
  openBody(row: Pick<ClaimedSubmission, 'id' | 'serviceId' | 'sealed'>): Buffer;
  /** Apply worker outcomes in one transaction (group commit). */
  settle(outcomes: readonly Settlement[]): void;
  /** Earliest `next_attempt` of a pending row in epoch ms, or null when nothing is pending. */
  nextDueAt(): number | null;
  /** True while any row is pending or in flight (cheap: one index probe). */
  hasUnsent(): boolean;
  /** Put rows left in flight back to pending; returns how many. */
  recoverInFlight(): number;
  /** Delete acknowledged rows older than the retention; returns how many. */
  purgeDone(): number;

  /** Where the submission `id` stands, with the back end's receiptNo once done; null when unknown (or purged). */
  outcome(id: string): SubmissionOutcome | null;
  /** Dead-lettered rows, oldest first, without payloads. */
  listDead(): DeadItem[];
  /** Dead-lettered rows with their exact bodies, for a technician to inspect. Contains personal data. */
  exportDead(): DeadExport[];
  /** Send a dead row again from scratch; false when `id` is not dead. */
  retry(id: string): boolean;
  /** Drop a dead row (its payload is deleted; id and reason are kept in an audit table); false when `id` is not dead. */
  discard(id: string, reason: string): boolean;

  close(): void;
}
