import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The diagnostics store, `<dataDir>/diagnostics.sqlite`: the audit log of every technician action
 * (entry, exit, wrong PIN, health checks, raw bytes sent, calibration, queue actions, exports,
 * restarts), the PIN lock-out and the face-check tries per card (as HMAC tags), which therefore
 * survive a renderer reload and a host restart.
 * Entries never hold personal data: ids of devices and queue items, counts, byte strings sent.
 * One connection for the host's life, with prepared statements: opening one per call made a flood of
 * `diag.status` block the event loop (and the renderer's liveness pings) for seconds.
 */
export interface AuditEntry {
  at: string;
  action: string;
  ok: boolean;
  detail: string;
}

/**
 * The audit log's bounds: rows older than the retention, and the oldest rows beyond the count, are
 * deleted (a flood of remote commands must not grow the file without limit). A year of a busy kiosk's
 * technician and fleet actions is a few thousand rows.
 */
export const AUDIT_RETENTION_DAYS = 365;
export const AUDIT_MAX_ROWS = 50_000;
/** Trim after this many inserts (and at open): one DELETE per batch, not per row. */
const TRIM_EVERY = 200;

export interface AuditBounds {
  retentionDays?: number;
  maxRows?: number;
}

export interface LockoutState {
  failures: number;
  lockedUntilMs: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms INTEGER NOT NULL,
    action TEXT NOT NULL,
    ok INTEGER NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS face_tries (
    card_tag TEXT NOT NULL,
    at_ms INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS face_tries_card ON face_tries (card_tag, at_ms);
  CREATE TABLE IF NOT EXISTS pin_lockout (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    failures INTEGER NOT NULL,
    locked_until_ms INTEGER NOT NULL
  );
`;

export class DiagnosticsStore {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly insertAudit: Database.Statement<[number, string, number, string]>;
  private readonly selectAudit: Database.Statement<[number], { at: number; action: string; ok: number; detail: string }>;
  private readonly selectLockout: Database.Statement<[], LockoutState>;
  private readonly upsertLockout: Database.Statement<[number, number]>;
  private readonly countTries: Database.Statement<[string, number], { n: number; oldest: number | null }>;
  private readonly insertTry: Database.Statement<[string, number]>;
  private readonly pruneTries: Database.Statement<[number]>;
  private readonly trimAudit: Database.Statement<[number, number]>;
  private readonly retentionMs: number;
  private readonly maxRows: number;
  private sinceTrim = 0;

  constructor(dataDir: string, bounds: AuditBounds = {}) {
    this.retentionMs = (bounds.retentionDays ?? AUDIT_RETENTION_DAYS) * 86_400_000;
    this.maxRows = bounds.maxRows ?? AUDIT_MAX_ROWS;
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'diagnostics.sqlite');
    this.db = new Database(this.file);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('busy_timeout = 2000');
      this.db.exec(SCHEMA);
      this.insertAudit = this.db.prepare('INSERT INTO audit (at_ms, action, ok, detail) VALUES (?, ?, ?, ?)');
      this.selectAudit = this.db.prepare('SELECT at_ms AS at, action, ok, detail FROM audit ORDER BY seq DESC LIMIT ?');
      this.selectLockout = this.db.prepare('SELECT failures, locked_until_ms AS lockedUntilMs FROM pin_lockout WHERE id = 1');
      this.upsertLockout = this.db.prepare('INSERT OR REPLACE INTO pin_lockout (id, failures, locked_until_ms) VALUES (1, ?, ?)');
      this.countTries = this.db.prepare('SELECT count(*) AS n, min(at_ms) AS oldest FROM face_tries WHERE card_tag = ? AND at_ms > ?');
      this.insertTry = this.db.prepare('INSERT INTO face_tries (card_tag, at_ms) VALUES (?, ?)');
      this.pruneTries = this.db.prepare('DELETE FROM face_tries WHERE at_ms <= ?');
      // seq is AUTOINCREMENT: the newest maxRows rows are those above (max seq - maxRows).
      this.trimAudit = this.db.prepare('DELETE FROM audit WHERE at_ms < ? OR seq <= (SELECT COALESCE(MAX(seq), 0) FROM audit) - ?');
      this.trim();
    } catch (e) {
      this.db.close();
      throw e;
    }
  }

  audit(action: string, ok: boolean, detail = '', atMs = Date.now()): void {
    this.insertAudit.run(atMs, action, ok ? 1 : 0, detail.slice(0, 2000));
    if (++this.sinceTrim >= TRIM_EVERY) this.trim();
  }

  /** Delete rows past the retention and beyond the row bound; returns how many went. */
  trim(now = Date.now()): number {
    this.sinceTrim = 0;
    return this.trimAudit.run(now - this.retentionMs, this.maxRows).changes;
  }

  /** Rows in the audit log. */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM audit').get() as { n: number }).n;
  }

  /** The newest `limit` entries, newest first. */
  entries(limit = 100): AuditEntry[] {
    return this.selectAudit.all(limit).map((r) => ({ at: new Date(r.at).toISOString(), action: r.action, ok: r.ok === 1, detail: r.detail }));
  }

  lockout(): LockoutState {
    return this.selectLockout.get() ?? { failures: 0, lockedUntilMs: 0 };
  }

  setLockout(s: LockoutState): void {
    this.upsertLockout.run(s.failures, s.lockedUntilMs);
  }

  /** Face-check tries of one card (an HMAC tag, card-tries.ts) after `sinceMs`. */
  countFaceTries(tag: string, sinceMs: number): number {
    return this.countTries.get(tag, sinceMs)?.n ?? 0;
  }

  oldestFaceTry(tag: string, sinceMs: number): number | null {
    return this.countTries.get(tag, sinceMs)?.oldest ?? null;
  }

  /** Record a try and forget those older than the counting window (the table stays small). */
  addFaceTry(tag: string, atMs: number, pruneBeforeMs: number): void {
    this.db.transaction(() => {
      this.pruneTries.run(pruneBeforeMs);
      this.insertTry.run(tag, atMs);
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
