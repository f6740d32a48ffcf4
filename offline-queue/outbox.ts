import type Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KioskError } from '../contracts/errors.js';
import { Emitter } from '../common/events.js';
import type { KeyStore } from './key-store.js';
import { createPayloadSealer, keyFingerprint, type CipherName, type PayloadSealer } from './payload-cipher.js';
import { checkOutboxFile, createPrivateFile, isCorruption, isStorageFull, OutboxCorruptError, StorageFullError } from './outbox-integrity.js';
import { buildSealedRow, checkSubmission, sealContext, type BodyInput, type SealedRow } from './outbox-body.js';
import { clip, prepareStatements, type OutboxStatements } from './outbox-statements.js';
import { DEFAULT_OUTBOX_FILE, queryStatus } from './outbox-status.js';
import { migrate } from './schema.js';
import { SealThread } from './seal-thread.js';
import { openConnection } from './sqlite-connection.js';
import { newSubmissionId } from './submission-id.js';
import type { BundleMemberOutcome, ClaimedSubmission, DeadExport, DeadItem, EnqueuedBundle, Outbox, QueueStatus, Settlement, SubmissionOutcome } from './outbox-types.js';

export { MAX_BODY_BYTES } from './outbox-body.js';
export { DEFAULT_OUTBOX_FILE, readOutboxStatus } from './outbox-status.js';
export type { Outbox } from './outbox-types.js';
export const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

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
    const cipher = options.cipher ?? 'aes-256-gcm';
    const seals = new SealThread({ masterKey, cipher, kioskId: options.kioskId });
    const outbox = new SqliteOutbox(db, file, options, createPayloadSealer(masterKey, cipher), seals);
    if (options.recoverInFlight ?? true) outbox.recoverInFlight();
    outbox.purgeDone();
    return outbox;
  } catch (e) {
    db.close();
    throw e;
  }
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

class SqliteOutbox implements Outbox {
  readonly cipher: CipherName;
  readonly kioskId: string;
  private readonly now: () => number;
  private readonly retentionMs: number;
  private readonly changed = new Emitter<QueueStatus>({ listenerErrors: 'defer' });
  private changeScheduled: NodeJS.Immediate | undefined;
  private closed = false;
  private readonly stmt: OutboxStatements;
  private damaged: OutboxCorruptError | null = null;
  private readonly faulted = new Emitter<OutboxCorruptError>({ listenerErrors: 'defer' });
  readonly onDidFault = this.faulted.event;

  constructor(
    private readonly db: Database.Database,
    readonly file: string,
    options: OutboxOptions,
    private readonly sealer: PayloadSealer,
    /** The worker thread the async enqueues build and seal their bodies on. */
    private readonly seals: SealThread,
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
    const row = buildSealedRow(this.bodyInput(serviceId, payload, this.now()), this.kioskId, this.sealer);
    this.store([row]);
    return row.id;
  }

  async enqueueAsync(serviceId: string, payload: Record<string, unknown>): Promise<string> {
    this.assertOpen();
    const [row] = await this.sealed([this.bodyInput(serviceId, payload, this.now())]);
    this.store([row!]);
    return row!.id;
  }

  enqueueBundle(bundle: string, members: readonly { serviceId: string; payload: Record<string, unknown> }[]): EnqueuedBundle {
    this.assertOpen();
    const inputs = this.bundleInputs(bundle, members);
    // Every body is built and sealed before the transaction starts: a bad member refuses the whole bundle with nothing written.
    const rows = inputs.map((i) => buildSealedRow(i, this.kioskId, this.sealer));
    this.store(rows);
    return { bundleId: inputs[0]!.link!.id, ids: rows.map((r) => r.id) };
  }

  async enqueueBundleAsync(bundle: string, members: readonly { serviceId: string; payload: Record<string, unknown> }[]): Promise<EnqueuedBundle> {
    this.assertOpen();
    const inputs = this.bundleInputs(bundle, members);
    // One request for all members: the worker answers all rows or an error, then one transaction stores them.
    const rows = await this.sealed(inputs);
    this.store(rows);
    return { bundleId: inputs[0]!.link!.id, ids: rows.map((r) => r.id) };
  }

  bundleOutcome(bundleId: string): BundleMemberOutcome[] {
    this.assertOpen();
    return this.guard(() => this.stmt.bundle.all(bundleId) as BundleMemberOutcome[]);
  }

  /** One submission's id and time, fixed here (the id is its idempotency key from now on). */
  private bodyInput(serviceId: string, payload: Record<string, unknown>, createdMs: number, link?: BodyInput['link']): BodyInput {
    checkSubmission(serviceId, payload);
    return { id: newSubmissionId(), serviceId, createdMs, payload, ...(link ? { link } : {}) };
  }

  private bundleInputs(bundle: string, members: readonly { serviceId: string; payload: Record<string, unknown> }[]): BodyInput[] {
    if (typeof bundle !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(bundle)) throw new KioskError('bad-request', 'bundle must be 1–64 characters of A–Z a–z 0–9 . _ : -');
    if (!Array.isArray(members) || members.length < 1 || members.length > MAX_BUNDLE_MEMBERS) throw new KioskError('bad-request', `a bundle has 1–${MAX_BUNDLE_MEMBERS} members`);
    const bundleId = newSubmissionId();
    const createdMs = this.now();
    return members.map((m, member) => this.bodyInput(m.serviceId, m.payload, createdMs, { id: bundleId, bundle, member, members: members.length }));
  }

  /** Bodies built and sealed on the worker thread; the outbox must still be open when they come back. */
  private async sealed(inputs: BodyInput[]): Promise<SealedRow[]> {
    if (this.damaged) throw this.damaged;
    const rows = await this.seals.seal(inputs);
    this.assertOpen();
    return rows;
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
    // Bodies still being sealed are refused (`cancelled`): none of them was stored.
    void this.seals.close();
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
