import type Database from 'better-sqlite3';

/** Errors stored per row are short and never carry payload data. */
export function clip(s: string): string {
  return s.length > 300 ? `${s.slice(0, 297)}...` : s;
}

export function prepareStatements(db: Database.Database) {
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

export type OutboxStatements = ReturnType<typeof prepareStatements>;
