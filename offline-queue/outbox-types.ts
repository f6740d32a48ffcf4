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
