import type Database from 'better-sqlite3';
import { KioskError } from '../contracts/errors.js';

/**
 * Outbox schema migrations, applied in order inside one `BEGIN IMMEDIATE` transaction so two
 * processes opening a fresh file at once cannot both migrate. Append new migrations; never edit one
 * that has shipped.
 */
const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      -- One row per submission. body is the sealed canonical JSON (see payload-cipher.ts); it is
      -- set to NULL once the back end acknowledged the submission (PIPL: keep no longer than needed).
      CREATE TABLE submissions (
        id              TEXT NOT NULL UNIQUE,
        service_id      TEXT NOT NULL,
        created_ms      INTEGER NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('pending', 'in-flight', 'done', 'dead')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_ms INTEGER NOT NULL,
        last_error      TEXT,
        updated_ms      INTEGER NOT NULL,
        body            BLOB,
        receipt_no      TEXT,
        received_at     TEXT
      );
      CREATE INDEX submissions_due ON submissions (state, next_attempt_ms);
      CREATE INDEX submissions_age ON submissions (state, created_ms);
      -- What a technician threw away, and why: ids and reasons only, never the payload.
      CREATE TABLE discarded (
        id           TEXT PRIMARY KEY,
        service_id   TEXT NOT NULL,
        reason       TEXT NOT NULL,
        discarded_ms INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    sql: `
      -- Members of a life-event bundle (one citizen, several departments) are stored together in
      -- one transaction; the link lets the kiosk show how each member fared. NULL for a lone submission.
      ALTER TABLE submissions ADD COLUMN bundle_id TEXT;
      ALTER TABLE submissions ADD COLUMN bundle_member INTEGER;
      CREATE INDEX submissions_bundle ON submissions (bundle_id) WHERE bundle_id IS NOT NULL;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  db.transaction(() => {
    const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
    const current = row.v ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new KioskError('internal', `outbox database has schema version ${current}, newer than this build's ${SCHEMA_VERSION}`);
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(m.version);
    }
  }).immediate();
}

/** True when the file has been migrated at least once (used by the read-only status reader). */
export function hasSchema(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'submissions'").get() !== undefined;
}
