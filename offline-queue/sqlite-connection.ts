import Database from 'better-sqlite3';
import { KioskError } from '../contracts/errors.js';

/**
 * Open an outbox connection with the durability settings every connection needs.
 *
 * - WAL: readers (status, the UI) never block the writer.
 * - `synchronous = FULL`: one WAL fsync per commit, so a commit that returned survives power loss.
 *   It is a per-connection setting and better-sqlite3 defaults WAL databases to NORMAL, hence here.
 * - busy timeout 5 s: another process (kiosk-diag) may hold the write lock briefly; all our write
 *   transactions are `BEGIN IMMEDIATE`, so the busy handler is honoured (no deferred upgrade).
 */
export function openConnection(file: string, options: { readonly?: boolean } = {}): Database.Database {
  const db = new Database(file, { timeout: 5000, readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    if (!options.readonly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal') throw new KioskError('internal', `outbox database refused WAL mode (got ${String(mode)})`);
    }
    db.pragma('synchronous = FULL');
    const sync = db.pragma('synchronous', { simple: true });
    if (sync !== 2) throw new KioskError('internal', `outbox database refused synchronous=FULL (got ${String(sync)})`);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
