import Database from 'better-sqlite3';

/** What the back end answers for a stored submission (docs/protocol.md §4, the 201/200 body). */
export interface StoredReceipt {
  id: string;
  receivedAt: string;
  receiptNo: string;
}

export type StoreResult =
  | { kind: 'created'; receipt: StoredReceipt }
  | { kind: 'replay'; receipt: StoredReceipt }
  | { kind: 'conflict' };

/**
 * The demo back end's own SQLite file. The unique index on `id` is permanent (never pruned): a kiosk
 * may hold a submission for days offline, far longer than a TTL idempotency cache would remember.
 * Only a SHA-256 fingerprint of the canonical body is kept, which is all "same key, different body"
 * needs; the demo keeps no personal data.
 */
export class SubmissionStore {
  private readonly insert: Database.Statement;
  private readonly find: Database.Statement;
  private readonly setReceipt: Database.Statement;

  constructor(readonly db: Database.Database) {
    db.pragma('journal_mode = WAL');
    // Durable before 201: a back end that answers "stored" and then loses it breaks exactly-once.
    db.pragma('synchronous = FULL');
    db.exec(`
      CREATE TABLE IF NOT EXISTS submissions (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        id           TEXT NOT NULL,
        kiosk_id     TEXT NOT NULL,
        service_id   TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        body_sha256  TEXT NOT NULL,
        received_at  TEXT NOT NULL,
        receipt_no   TEXT NOT NULL DEFAULT ''
      );
      CREATE UNIQUE INDEX IF NOT EXISTS submissions_id ON submissions (id);
    `);
    // The bundle link (docs/protocol.md §4): added to a file written before it existed.
    const columns = new Set((db.prepare('PRAGMA table_info(submissions)').all() as { name: string }[]).map((c) => c.name));
    if (!columns.has('bundle_id')) db.exec('ALTER TABLE submissions ADD COLUMN bundle_id TEXT; ALTER TABLE submissions ADD COLUMN bundle_member INTEGER');
    this.insert = db.prepare(
      'INSERT INTO submissions (id, kiosk_id, service_id, created_at, body_sha256, received_at, bundle_id, bundle_member) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    this.find = db.prepare('SELECT id, body_sha256 AS sha, received_at AS receivedAt, receipt_no AS receiptNo FROM submissions WHERE id = ?');
    this.setReceipt = db.prepare('UPDATE submissions SET receipt_no = ? WHERE seq = ?');
  }

  /** Store once; a second call with the same id is a replay (same fingerprint) or a conflict. */
  store(s: { id: string; kioskId: string; serviceId: string; createdAt: string; sha256: string; receivedAt: string; bundleId?: string; bundleMember?: number }): StoreResult {
    return this.db
      .transaction((): StoreResult => {
        const r = this.insert.run(s.id, s.kioskId, s.serviceId, s.createdAt, s.sha256, s.receivedAt, s.bundleId ?? null, s.bundleMember ?? null);
        if (r.changes === 1) {
          const receiptNo = `DEMO-${s.receivedAt.slice(0, 10).replaceAll('-', '')}-${String(r.lastInsertRowid).padStart(6, '0')}`;
          this.setReceipt.run(receiptNo, r.lastInsertRowid);
          return { kind: 'created', receipt: { id: s.id, receivedAt: s.receivedAt, receiptNo } };
        }
        const old = this.find.get(s.id) as { id: string; sha: string; receivedAt: string; receiptNo: string };
        if (old.sha !== s.sha256) return { kind: 'conflict' };
        return { kind: 'replay', receipt: { id: old.id, receivedAt: old.receivedAt, receiptNo: old.receiptNo } };
      })
      .immediate();
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM submissions').get() as { n: number }).n;
  }
}
