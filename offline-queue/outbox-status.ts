import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkOutboxFile, type BodyOpener, OutboxCorruptError } from './outbox-integrity.js';
import type { QueueStatus } from './outbox-types.js';
import { hasSchema } from './schema.js';
import { openConnection } from './sqlite-connection.js';

export const DEFAULT_OUTBOX_FILE = 'outbox.sqlite';

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

export function emptyStatus(): QueueStatus {
  return { pending: 0, inFlight: 0, done: 0, dead: 0, oldestPendingAgeMs: 0 };
}

export function queryStatus(db: Database.Database, now: number): QueueStatus {
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
