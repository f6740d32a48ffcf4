import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The diagnostics store, `<dataDir>/diagnostics.sqlite`: the audit log of every technician action
 * (entry, exit, wrong PIN, health checks, raw bytes sent, calibration, queue actions, exports,
 * restarts) and the PIN lock-out, which therefore survives a renderer reload and a host restart.
 * Entries never hold personal data: ids of devices and queue items, counts, byte strings sent.
 * A connection is opened per operation: technicians act seldom, and nothing stays open to leak.
 */
export interface AuditEntry {
  at: string;
  action: string;
  ok: boolean;
  detail: string;
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
  CREATE TABLE IF NOT EXISTS pin_lockout (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    failures INTEGER NOT NULL,
    locked_until_ms INTEGER NOT NULL
  );
`;

export class DiagnosticsStore {
  readonly file: string;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'diagnostics.sqlite');
  }

  private with<T>(fn: (db: Database.Database) => T): T {
    const db = new Database(this.file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(SCHEMA);
      return fn(db);
    } finally {
      db.close();
    }
  }

  audit(action: string, ok: boolean, detail = '', atMs = Date.now()): void {
    this.with((db) => db.prepare('INSERT INTO audit (at_ms, action, ok, detail) VALUES (?, ?, ?, ?)').run(atMs, action, ok ? 1 : 0, detail.slice(0, 2000)));
  }

  /** The newest `limit` entries, newest first. */
  entries(limit = 100): AuditEntry[] {
    return this.with((db) =>
      (db.prepare('SELECT at_ms AS at, action, ok, detail FROM audit ORDER BY seq DESC LIMIT ?').all(limit) as { at: number; action: string; ok: number; detail: string }[]).map((r) => ({
        at: new Date(r.at).toISOString(),
        action: r.action,
        ok: r.ok === 1,
        detail: r.detail,
      })),
    );
  }

  lockout(): LockoutState {
    return this.with((db) => {
      const r = db.prepare('SELECT failures, locked_until_ms AS lockedUntilMs FROM pin_lockout WHERE id = 1').get() as LockoutState | undefined;
      return r ?? { failures: 0, lockedUntilMs: 0 };
    });
  }

  setLockout(s: LockoutState): void {
    this.with((db) => db.prepare('INSERT OR REPLACE INTO pin_lockout (id, failures, locked_until_ms) VALUES (1, ?, ?)').run(s.failures, s.lockedUntilMs));
  }
}
