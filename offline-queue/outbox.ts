import type Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KioskError } from '../contracts/errors.js';
import { canonicalJson } from './canonical-json.js';
import { Emitter, type Disposable } from '../common/events.js';
import type { KeyStore } from './key-store.js';
import { createPayloadSealer, keyFingerprint, type CipherName, type PayloadSealer } from './payload-cipher.js';
import { checkOutboxFile, createPrivateFile, type BodyOpener, isCorruption, isStorageFull, OutboxCorruptError, StorageFullError } from './outbox-integrity.js';
import { hasSchema, migrate } from './schema.js';
import { openConnection } from './sqlite-connection.js';
import { newSubmissionId } from './submission-id.js';
import type { BundleMemberOutcome, ClaimedSubmission, DeadExport, DeadItem, EnqueuedBundle, QueueStatus, Settlement, SubmissionOutcome } from './outbox-types.js';

export const DEFAULT_OUTBOX_FILE = 'outbox.sqlite';
export const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * Largest canonical body accepted: ten pages of paper materials at ≤ 600 KB each, in base64 inside
 * their PDFs, plus the form, fit with room to spare.
 */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Options of {@link openOutbox}. */
export interface OutboxOptions {
  /** Directory of the database file (created if missing). */
  dataDir: string;
  /** Where the master key lives; never the database itself. */
  keyStore: KeyStore;
  /** Appears in every submission body (`kioskId` of docs/protocol.md §4). */
  kioskId: string;
  /** Algorithm for new records; default `aes-256-gcm`. Existing rows keep the one they were sealed with. */
  cipher?: CipherName;
  /** Database file name inside `dataDir`; default `outbox.sqlite`. */
  fileName?: string;
  /** How long acknowledged rows are kept (without their payload) before purge; default 7 days, in ms. */
  retentionMs?: number;
  /**
   * Return rows left `in-flight` by a crashed process to `pending` when opening; default true.
   * Pass false from a process that never sends (e.g. `kiosk-diag queue load`) so it cannot reset a
   * running worker's rows.
   */
  recoverInFlight?: boolean;
  /** Clock in epoch ms; for tests. */
  now?: () => number;
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
   * @throws KioskError `bad-request` for a payload JSON cannot carry or a body over 4 MiB.
   */
  enqueue(serviceId: string, payload: Record<string, unknown>): string;
  /**
   * Store every member of a life-event bundle in ONE transaction: all of them or none. Each member
   * is an ordinary submission with its own id (its idempotency key), and its body carries the link
   * `bundle: { id, bundle, member, members }` (docs/protocol.md §4), so the back end can tie the
   * departments' cases together. Returns only after the commit.
   * @throws KioskError `bad-request` for a bad service id, payload or member count (1–20).
   */
  enqueueBundle(bundle: string, members: readonly { serviceId: string; payload: Record<string, unknown> }[]): EnqueuedBundle;
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

/**
 * Open (creating and migrating if needed) the outbox in `dataDir`. An existing file is first checked
 * with `PRAGMA quick_check` on a read-only connection; a damaged one is not opened for writing (so
 * it stays exactly as it is for salvage) and {@link OutboxCorruptError} is thrown. A full disk is
 * {@link StorageFullError}. The directory is created 0700 and the file 0600.
 */
export async function openOutbox(options: OutboxOptions): Promise<Outbox> {
  if (!options.kioskId) throw new KioskError('bad-request', 'openOutbox: kioskId is required');
  const file = join(options.dataDir, options.fileName ?? DEFAULT_OUTBOX_FILE);
  try {
    return await openChecked(file, options);
  } catch (e) {
    if (isCorruption(e)) throw new OutboxCorruptError(file, e instanceof Error ? e.message : String(e));
    if (isStorageFull(e) && !(e instanceof StorageFullError)) throw new StorageFullError(`opening ${file}`, { cause: e });
    throw e;
  }
}

async function openChecked(file: string, options: OutboxOptions): Promise<Outbox> {
  const masterKey = await options.keyStore.loadOrCreateKey();
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  if (existsSync(file)) {
    const sealer = createPayloadSealer(masterKey);
    const problem = checkOutboxFile(file, { fingerprint: keyFingerprint(masterKey), open: (b, c) => sealer.open(b, c) });
    if (problem) throw new OutboxCorruptError(file, problem);
  } else {
    createPrivateFile(file);
  }
  const db = openConnection(file);
  try {
    migrate(db);
    checkKey(db, keyFingerprint(masterKey), options.keyStore.description);
    const outbox = new SqliteOutbox(db, file, options, createPayloadSealer(masterKey, options.cipher ?? 'aes-256-gcm'));
    if (options.recoverInFlight ?? true) outbox.recoverInFlight();
    outbox.purgeDone();
    return outbox;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Counts of the outbox in `dataDir` without changing anything (for `kiosk-diag queue status`), after
 * `PRAGMA quick_check` and, given `opener` (the key), a test-open of every unsent body; a damaged
 * file throws {@link OutboxCorruptError}. A missing or never-migrated file has all counts 0.
 */
export function readOutboxStatus(dataDir: string, options: { fileName?: string; now?: number; opener?: BodyOpener } = {}): QueueStatus {
  const file = join(dataDir, options.fileName ?? DEFAULT_OUTBOX_FILE);
  if (!existsSync(file)) return emptyStatus();
  // Counts from a damaged file would look like a healthy queue: check first, without writing.
  const problem = checkOutboxFile(file, options.opener);
  if (problem) throw new OutboxCorruptError(file, problem);
  const db = openConnection(file);
  try {
    return hasSchema(db) ? queryStatus(db, options.now ?? Date.now()) : emptyStatus();
  } finally {
    db.close();
  }
}

function emptyStatus(): QueueStatus {
  return { pending: 0, inFlight: 0, done: 0, dead: 0, oldestPendingAgeMs: 0 };
}

function queryStatus(db: Database.Database, now: number): QueueStatus {
  const s = emptyStatus();
  const rows = db.prepare('SELECT state, COUNT(*) AS n FROM submissions GROUP BY state').all() as { state: string; n: number }[];
  for (const r of rows) {
    if (r.state === 'pending') s.pending = r.n;
    else if (r.state === 'in-flight') s.inFlight = r.n;
    else if (r.state === 'done') s.done = r.n;
    else if (r.state === 'dead') s.dead = r.n;
  }
  const oldest = db.prepare("SELECT MIN(created_ms) AS t FROM submissions WHERE state IN ('pending', 'in-flight')").get() as { t: number | null };
  s.oldestPendingAgeMs = oldest.t === null ? 0 : Math.max(0, now - oldest.t);
  return s;
}

function checkKey(db: Database.Database, fingerprint: string, where: string): void {
  db.transaction(() => {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'key-fingerprint'").get() as { value: string } | undefined;
    if (!row) {
      db.prepare("INSERT INTO meta (key, value) VALUES ('key-fingerprint', ?)").run(fingerprint);
    } else if (row.value !== fingerprint) {
      throw new KioskError('forbidden', `the outbox key at ${where} is not the key this database was written with; restore the original key file`);
    }
  }).immediate();
}

/** Most members a bundle can have (the catalogue's bundles have at most 12). */
export const MAX_BUNDLE_MEMBERS = 20;

/** The bundle link in a member's body (docs/protocol.md §4). */
interface BundleLink {
  /** The bundle submission's id, shared by all its members. */
  id: string;
  /** The bundle definition's id (e.g. `newborn`). */
  bundle: string;
  member: number;
  members: number;
}

interface SealedRow {
  id: string;
  serviceId: string;
  createdMs: number;
  sealed: Buffer;
  bundleId: string | null;
  member: number | null;
}

/** Sealed records are bound to their row: a ciphertext moved to another id or service fails to open. */
function sealContext(id: string, serviceId: string): string {
  return `submission:${id}:${serviceId}`;
}

/** Errors stored per row are short and never carry payload data. */
function clip(s: string): string {
  return s.length > 300 ? `${s.slice(0, 297)}...` : s;
}

function prepareStatements(db: Database.Database) {
  return {
    insert: db.prepare(
      "INSERT INTO submissions (id, service_id, created_ms, state, attempts, next_attempt_ms, updated_ms, body, bundle_id, bundle_member) VALUES (?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?)",
    ),
    bundle: db.prepare(
      'SELECT id, service_id AS serviceId, bundle_member AS member, state, receipt_no AS receiptNo, received_at AS receivedAt, last_error AS lastError FROM submissions WHERE bundle_id = ? ORDER BY bundle_member',
    ),
    due: db.prepare(
      "SELECT id, service_id AS serviceId, attempts, body AS sealed FROM submissions WHERE state = 'pending' AND next_attempt_ms <= ? ORDER BY next_attempt_ms, rowid LIMIT ?",
    ),
    markInFlight: db.prepare("UPDATE submissions SET state = 'in-flight', updated_ms = ? WHERE id = ? AND state = 'pending'"),
    done: db.prepare(
      "UPDATE submissions SET state = 'done', body = NULL, last_error = NULL, receipt_no = ?, received_at = ?, updated_ms = ? WHERE id = ? AND state IN ('pending', 'in-flight')",
    ),
    dead: db.prepare("UPDATE submissions SET state = 'dead', attempts = attempts + 1, last_error = ?, updated_ms = ? WHERE id = ? AND state IN ('pending', 'in-flight')"),
    retry: db.prepare(
      "UPDATE submissions SET state = 'pending', attempts = attempts + ?, next_attempt_ms = ?, last_error = ?, updated_ms = ? WHERE id = ? AND state = 'in-flight'",
    ),
    release: db.prepare("UPDATE submissions SET state = 'pending', updated_ms = ? WHERE id = ? AND state = 'in-flight'"),
    unsent: db.prepare("SELECT 1 FROM submissions WHERE state IN ('pending', 'in-flight') LIMIT 1"),
    nextDue: db.prepare("SELECT MIN(next_attempt_ms) AS t FROM submissions WHERE state = 'pending'"),
    recover: db.prepare("UPDATE submissions SET state = 'pending', updated_ms = ? WHERE state = 'in-flight'"),
    purge: db.prepare("DELETE FROM submissions WHERE state = 'done' AND updated_ms < ?"),
    listDead: db.prepare(
      "SELECT id, service_id AS serviceId, created_ms AS createdMs, attempts, last_error AS lastError, body FROM submissions WHERE state = 'dead' ORDER BY rowid",
    ),
    outcome: db.prepare('SELECT state, receipt_no AS receiptNo, received_at AS receivedAt FROM submissions WHERE id = ?'),
    getDead: db.prepare("SELECT service_id AS serviceId FROM submissions WHERE id = ? AND state = 'dead'"),
    retryDead: db.prepare(
      "UPDATE submissions SET state = 'pending', attempts = 0, next_attempt_ms = ?, last_error = NULL, updated_ms = ? WHERE id = ? AND state = 'dead'",
    ),
    deleteDead: db.prepare("DELETE FROM submissions WHERE id = ? AND state = 'dead'"),
    audit: db.prepare('INSERT OR REPLACE INTO discarded (id, service_id, reason, discarded_ms) VALUES (?, ?, ?, ?)'),
  };
}

class SqliteOutbox implements Outbox {
  readonly cipher: CipherName;
  readonly kioskId: string;
  private readonly now: () => number;
  private readonly retentionMs: number;
  private readonly changed = new Emitter<QueueStatus>({ listenerErrors: 'defer' });
  private changeScheduled: NodeJS.Immediate | undefined;
  private closed = false;
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private damaged: OutboxCorruptError | null = null;
  private readonly faulted = new Emitter<OutboxCorruptError>({ listenerErrors: 'defer' });
  readonly onDidFault = this.faulted.event;

  constructor(
    private readonly db: Database.Database,
    readonly file: string,
    options: OutboxOptions,
    private readonly sealer: PayloadSealer,
  ) {
    this.cipher = sealer.cipher;
    this.kioskId = options.kioskId;
    this.now = options.now ?? Date.now;
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.stmt = prepareStatements(db);
  }

  readonly onDidChange = this.changed.event;

  enqueue(serviceId: string, payload: Record<string, unknown>): string {
    this.assertOpen();
    const row = this.sealRow(serviceId, payload, this.now());
    this.store([row]);
    return row.id;
  }

  enqueueBundle(bundle: string, members: readonly { serviceId: string; payload: Record<string, unknown> }[]): EnqueuedBundle {
    this.assertOpen();
    if (typeof bundle !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(bundle)) throw new KioskError('bad-request', 'bundle must be 1–64 characters of A–Z a–z 0–9 . _ : -');
    if (!Array.isArray(members) || members.length < 1 || members.length > MAX_BUNDLE_MEMBERS) throw new KioskError('bad-request', `a bundle has 1–${MAX_BUNDLE_MEMBERS} members`);
    const bundleId = newSubmissionId();
    const createdMs = this.now();
    // Every body is built and sealed before the transaction starts: a bad member refuses the whole bundle with nothing written.
    const rows = members.map((m, member) => this.sealRow(m.serviceId, m.payload, createdMs, { id: bundleId, bundle, member, members: members.length }));
    this.store(rows);
    return { bundleId, ids: rows.map((r) => r.id) };
  }

  bundleOutcome(bundleId: string): BundleMemberOutcome[] {
    this.assertOpen();
    return this.guard(() => this.stmt.bundle.all(bundleId) as BundleMemberOutcome[]);
  }

  /** The sealed row of one submission (not yet stored). */
  private sealRow(serviceId: string, payload: Record<string, unknown>, createdMs: number, link?: BundleLink): SealedRow {
    if (typeof serviceId !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(serviceId)) {
      throw new KioskError('bad-request', 'serviceId must be 1–64 characters of A–Z a–z 0–9 . _ : -');
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      throw new KioskError('bad-request', 'submission payload must be a JSON object');
    }
    const id = newSubmissionId();
    // Serialised exactly once; these bytes are what every attempt sends (see canonical-json.ts).
    const doc = { id, kioskId: this.kioskId, serviceId, createdAt: new Date(createdMs).toISOString(), payload, ...(link ? { bundle: link } : {}) };
    const body = Buffer.from(canonicalJson(doc), 'utf8');
    if (body.length > MAX_BODY_BYTES) throw new KioskError('bad-request', `submission body is ${body.length} bytes; the limit is ${MAX_BODY_BYTES}`);
    return { id, serviceId, createdMs, sealed: this.sealer.seal(body, sealContext(id, serviceId)), bundleId: link?.id ?? null, member: link?.member ?? null };
  }

  /** Insert rows in one transaction: all or none. */
  private store(rows: readonly SealedRow[]): void {
    if (this.damaged) throw this.damaged;
    try {
      this.db.transaction(() => {
        for (const r of rows) this.stmt.insert.run(r.id, r.serviceId, r.createdMs, r.createdMs, r.createdMs, r.sealed, r.bundleId, r.member);
      }).immediate();
    } catch (e) {
      // The transaction rolled back: nothing was stored and no id is handed out.
      this.noteDamage(e);
      if (isStorageFull(e)) throw new StorageFullError('the outbox could not grow', { cause: e });
      throw e;
    }
    this.scheduleChange();
  }

  status(): QueueStatus {
    this.assertOpen();
    return this.guard(() => queryStatus(this.db, this.now()));
  }

  fault(): OutboxCorruptError | null {
    return this.damaged;
  }

  /** Run a database step; a "malformed" answer marks the outbox damaged (enqueue refuses from then on). */
  private guard<T>(step: () => T): T {
    try {
      return step();
    } catch (e) {
      this.noteDamage(e);
      throw e;
    }
  }

  private noteDamage(e: unknown): void {
    if (this.damaged || !isCorruption(e)) return;
    this.damaged = new OutboxCorruptError(this.file, e instanceof Error ? e.message : String(e));
    this.faulted.fire(this.damaged);
  }

  claimDue(limit: number): ClaimedSubmission[] {
    this.assertOpen();
    if (limit <= 0) return [];
    const now = this.now();
    const rows = this.guard(() =>
      this.db
        .transaction(() => {
          const due = this.stmt.due.all(now, limit) as ClaimedSubmission[];
          for (const r of due) this.stmt.markInFlight.run(now, r.id);
          return due;
        })
        .immediate(),
    );
    if (rows.length) this.scheduleChange();
    return rows;
  }

  openBody(row: Pick<ClaimedSubmission, 'id' | 'serviceId' | 'sealed'>): Buffer {
    return this.sealer.open(row.sealed, sealContext(row.id, row.serviceId));
  }

  settle(outcomes: readonly Settlement[]): void {
    this.assertOpen();
    if (!outcomes.length) return;
    const now = this.now();
    this.guard(() => this.settleAll(outcomes, now));
    this.scheduleChange();
  }

  private settleAll(outcomes: readonly Settlement[], now: number): void {
    this.db
      .transaction(() => {
        for (const o of outcomes) {
          switch (o.kind) {
            case 'done':
              this.stmt.done.run(o.receiptNo ?? null, o.receivedAt ?? null, now, o.id);
              break;
            case 'dead':
              this.stmt.dead.run(clip(o.error), now, o.id);
              break;
            case 'retry':
              this.stmt.retry.run(o.countAttempt ? 1 : 0, o.nextAttemptMs, clip(o.error), now, o.id);
              break;
            case 'release':
              this.stmt.release.run(now, o.id);
              break;
          }
        }
      })
      .immediate();
  }

  nextDueAt(): number | null {
    this.assertOpen();
    return (this.stmt.nextDue.get() as { t: number | null }).t;
  }

  hasUnsent(): boolean {
    this.assertOpen();
    return this.stmt.unsent.get() !== undefined;
  }

  recoverInFlight(): number {
    this.assertOpen();
    const n = this.db.transaction(() => this.stmt.recover.run(this.now()).changes).immediate();
    if (n) this.scheduleChange();
    return n;
  }

  purgeDone(): number {
    this.assertOpen();
    const n = this.db.transaction(() => this.stmt.purge.run(this.now() - this.retentionMs).changes).immediate();
    if (n) this.scheduleChange();
    return n;
  }

  listDead(): DeadItem[] {
    this.assertOpen();
    return this.deadRows().map(({ body: _body, ...item }) => item);
  }

  exportDead(): DeadExport[] {
    this.assertOpen();
    return this.deadRows().map((r) => {
      const { body, ...item } = r;
      if (!body) return { ...item, body: null, integrityError: 'no stored body' };
      try {
        return { ...item, body: this.openBody({ id: r.id, serviceId: r.serviceId, sealed: body }).toString('utf8') };
      } catch (e) {
        return { ...item, body: null, integrityError: e instanceof Error ? e.message : String(e) };
      }
    });
  }

  outcome(id: string): SubmissionOutcome | null {
    this.assertOpen();
    return this.guard(() => (this.stmt.outcome.get(id) as SubmissionOutcome | undefined) ?? null);
  }

  retry(id: string): boolean {
    this.assertOpen();
    const now = this.now();
    const ok = this.db.transaction(() => this.stmt.retryDead.run(now, now, id).changes === 1).immediate();
    if (ok) this.scheduleChange();
    return ok;
  }

  discard(id: string, reason: string): boolean {
    this.assertOpen();
    if (!reason.trim()) throw new KioskError('bad-request', 'discard needs a reason');
    const ok = this.db
      .transaction(() => {
        const row = this.stmt.getDead.get(id) as { serviceId: string } | undefined;
        if (!row) return false;
        this.stmt.deleteDead.run(id);
        this.stmt.audit.run(id, row.serviceId, clip(reason.trim()), this.now());
        return true;
      })
      .immediate();
    if (ok) this.scheduleChange();
    return ok;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.changeScheduled) clearImmediate(this.changeScheduled);
    this.changed.clear();
    this.faulted.clear();
    this.db.close();
  }

  private deadRows(): (DeadItem & { body: Buffer | null })[] {
    const rows = this.stmt.listDead.all() as { id: string; serviceId: string; createdMs: number; attempts: number; lastError: string | null; body: Buffer | null }[];
    return rows.map(({ createdMs, ...r }) => ({ ...r, createdAt: new Date(createdMs).toISOString() }));
  }

  private scheduleChange(): void {
    if (this.changeScheduled || this.closed) return;
    this.changeScheduled = setImmediate(() => {
      this.changeScheduled = undefined;
      if (!this.closed) this.changed.fire(this.status());
    });
    this.changeScheduled.unref();
  }

  private assertOpen(): void {
    if (this.closed) throw new KioskError('internal', 'outbox is closed');
  }
}
