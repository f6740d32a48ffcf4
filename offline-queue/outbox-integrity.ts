import Database from 'better-sqlite3';
import { closeSync, openSync } from 'node:fs';
import { KioskError } from '../contracts/errors.js';

/**
 * Telling a damaged or full outbox apart from any other failure. SQLite reports a damaged file as
 * `SQLITE_CORRUPT*` or `SQLITE_NOTADB` (better-sqlite3 gives extended codes as `err.code`), a full
 * disk as `SQLITE_FULL` (the VFS maps ENOSPC to it) and Node's fs as `ENOSPC`/`EDQUOT`.
 */

/** The outbox file failed `PRAGMA quick_check` or SQLite called it malformed. */
export class OutboxCorruptError extends KioskError {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super('device-error', `the outbox ${file} is damaged (${problem}); it is kept untouched — run "kiosk-diag queue salvage"`);
    this.name = 'OutboxCorruptError';
  }
}

/** The disk under the outbox is full: nothing was stored, nothing acknowledged was lost. */
export class StorageFullError extends KioskError {
  constructor(what: string, options?: { cause?: unknown }) {
    super('device-error', `cannot save now: the kiosk's disk is full (${what})`, true, options);
    this.name = 'StorageFullError';
  }
}

function codeOf(e: unknown): string {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : '';
}

/** SQLite says the file is damaged or not a database. */
export function isCorruption(e: unknown): boolean {
  const c = codeOf(e);
  return c.startsWith('SQLITE_CORRUPT') || c === 'SQLITE_NOTADB';
}

/** The disk is full (SQLite or Node fs), anywhere in the cause chain. */
export function isStorageFull(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    if (cur instanceof StorageFullError) return true;
    const c = codeOf(cur);
    if (c === 'SQLITE_FULL' || c === 'ENOSPC' || c === 'EDQUOT') return true;
  }
  return false;
}

/** Problems `PRAGMA quick_check` lists for an open connection (at most 5), or null when it says ok. */
export function quickCheck(db: Database.Database): string | null {
  try {
    const rows = db.pragma('quick_check(5)') as { quick_check: string }[];
    const lines = rows.map((r) => r.quick_check);
    return lines.length === 1 && lines[0] === 'ok' ? null : lines.join('; ');
  } catch (e) {
    if (isCorruption(e)) return e instanceof Error ? e.message : String(e);
    throw e;
  }
}

/**
 * Something that can test-open a sealed body (the outbox's sealer), and the fingerprint of its key:
 * bodies are only checked when the file was written with that key (a wrong key is another error).
 */
export interface BodyOpener {
  fingerprint: string;
  open(sealed: Uint8Array, context: string): unknown;
}

/**
 * The first unsent row (pending, in flight or dead) whose sealed body no longer opens — flipped bytes
 * inside a row are invisible to `quick_check`, but AES-GCM/SM4-GCM's tag (bound to the row's id and
 * service) catches them — or null when every one opens.
 */
export function checkBodies(db: Database.Database, opener: BodyOpener): string | null {
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'submissions'").get()) return null;
    const fp = db.prepare("SELECT value FROM meta WHERE key = 'key-fingerprint'").get() as { value: string } | undefined;
    if (fp && fp.value !== opener.fingerprint) return null;
    const rows = db.prepare("SELECT id, service_id AS serviceId, body FROM submissions WHERE state != 'done'").iterate() as Iterable<{ id: unknown; serviceId: unknown; body: unknown }>;
    for (const r of rows) {
      const what = typeof r.id === 'string' ? r.id.slice(0, 40) : 'a row';
      if (!Buffer.isBuffer(r.body)) return `${what}: no stored body`;
      try {
        opener.open(r.body, `submission:${String(r.id)}:${String(r.serviceId)}`);
      } catch (e) {
        return `${what}: stored body does not open (${e instanceof Error ? e.message : String(e)})`;
      }
    }
    return null;
  } catch (e) {
    if (isCorruption(e)) return e instanceof Error ? e.message : String(e);
    throw e;
  }
}

/**
 * Check an existing outbox file without changing it: a read-only connection (no WAL checkpoint on
 * close, nothing written) runs `PRAGMA quick_check`, then, given the key, test-opens every unsent
 * body. Returns the problem, or null when the file is sound. Other failures (permissions, a lock
 * held too long) are thrown as they are.
 */
export function checkOutboxFile(file: string, opener?: BodyOpener): string | null {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
  } catch (e) {
    if (isCorruption(e)) return e instanceof Error ? e.message : String(e);
    throw e;
  }
  try {
    return quickCheck(db) ?? (opener ? checkBodies(db, opener) : null);
  } finally {
    db.close();
  }
}

/**
 * Create `file` empty with mode 0600 if it does not exist, so SQLite (which gives its `-wal` and
 * `-shm` files the database's mode) never makes a world-readable outbox under a loose umask.
 */
export function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (e) {
    if (codeOf(e) !== 'EEXIST') throw e;
  }
}
