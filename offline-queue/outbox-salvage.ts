import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { KioskError } from '../contracts/errors.js';
import type { KeyStore } from './key-store.js';
import { createPrivateFile, isCorruption } from './outbox-integrity.js';
import { createPayloadSealer, keyFingerprint } from './payload-cipher.js';
import { migrate } from './schema.js';
import { openConnection } from './sqlite-connection.js';
import { isSubmissionId } from './submission-id.js';

/** What `kiosk-diag queue salvage` did. Ids only, never payloads. */
export interface SalvageReport {
  /** The damaged file, left as it was (renamed aside when salvaging in place). */
  source: string;
  /** The fresh outbox. */
  target: string;
  /** Rows copied, by state. */
  copied: { pending: number; done: number; dead: number };
  /** Rows whose stored body no longer opens with the key: copied as dead letters for a technician. */
  unreadableBodies: string[];
  /** Ids the indexes still name but whose rows could not be read: lost, listed for the back office. */
  lostIds: string[];
  /** Row numbers that could not be read at all (no id known). */
  unreadableRows: number;
}

interface RawRow {
  id: unknown;
  service_id: unknown;
  created_ms: unknown;
  state: unknown;
  attempts: unknown;
  next_attempt_ms: unknown;
  last_error: unknown;
  updated_ms: unknown;
  body: unknown;
  receipt_no: unknown;
  received_at: unknown;
}

const STATES = new Set(['pending', 'in-flight', 'done', 'dead']);

/**
 * Copy every readable row of a damaged outbox into a fresh one, keeping each row's id (its
 * idempotency key), state and sealed body byte for byte, so every id is still sent exactly once:
 * pending and in-flight rows go out again under the same key (the back end answers 200 for one it
 * already stored), done rows stay done, dead rows stay dead. The damaged file is only ever read.
 *
 * Rows are found three ways, because damage cuts a table scan short: the table scan as far as it
 * gets, every rowid the two indexes still list, and every rowid up to the highest seen; each is then
 * read on its own. Bodies are test-opened with the key; one that no longer opens is kept as a dead
 * letter with the reason (a technician sees it; it is never sent altered).
 */
export async function salvageOutbox(options: { sourceFile: string; targetDir: string; keyStore: KeyStore; now?: number }): Promise<SalvageReport> {
  const { sourceFile } = options;
  if (!existsSync(sourceFile)) throw new KioskError('not-found', `no outbox at ${sourceFile}`);
  const key = await options.keyStore.loadOrCreateKey();
  // A sealed record names its own cipher, so one sealer opens both kinds.
  const sealer = createPayloadSealer(key);
  mkdirSync(options.targetDir, { recursive: true, mode: 0o700 });
  const target = join(options.targetDir, 'outbox.sqlite');
  if (existsSync(target)) throw new KioskError('bad-request', `${target} already exists; salvage writes a fresh outbox only`);

  const src = new Database(sourceFile, { readonly: true, fileMustExist: true });
  const report: SalvageReport = { source: sourceFile, target, copied: { pending: 0, done: 0, dead: 0 }, unreadableBodies: [], lostIds: [], unreadableRows: 0 };
  const tmp = `${target}.salvaging`;
  try {
    const rowids = new Set<number>();
    const idsByRowid = new Map<number, string>();
    const collect = (sql: string, withId: boolean) => {
      try {
        for (const r of src.prepare(sql).iterate() as Iterable<{ rid: number; id?: unknown }>) {
          rowids.add(r.rid);
          if (withId && typeof r.id === 'string') idsByRowid.set(r.rid, r.id);
        }
      } catch (e) {
        if (!isCorruption(e)) throw e;
      }
    };
    collect('SELECT rowid AS rid FROM submissions', false);
    collect('SELECT rowid AS rid, id FROM submissions INDEXED BY sqlite_autoindex_submissions_1', true);
    collect('SELECT rowid AS rid FROM submissions INDEXED BY submissions_due', false);
    collect('SELECT rowid AS rid FROM submissions INDEXED BY submissions_age', false);
    const max = Math.max(0, ...rowids);
    for (let r = 1; r <= max; r++) rowids.add(r);

    createPrivateFile(tmp);
    const dst = openConnection(tmp);
    try {
      migrate(dst);
      dst.prepare("INSERT INTO meta (key, value) VALUES ('key-fingerprint', ?)").run(keyFingerprint(key));
      const insert = dst.prepare(
        'INSERT OR IGNORE INTO submissions (id, service_id, created_ms, state, attempts, next_attempt_ms, last_error, updated_ms, body, receipt_no, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const read = src.prepare('SELECT * FROM submissions WHERE rowid = ?');
      const now = options.now ?? Date.now();
      const seen = new Set<string>();
      dst.transaction(() => {
        for (const rid of [...rowids].sort((a, b) => a - b)) {
          let row: RawRow | undefined;
          try {
            row = read.get(rid) as RawRow | undefined;
          } catch (e) {
            if (!isCorruption(e)) throw e;
            const id = idsByRowid.get(rid);
            if (id) report.lostIds.push(id);
            else report.unreadableRows++;
            continue;
          }
          if (!row) continue; // a gap in the rowids: deleted rows, not damage
          const ok = typeof row.id === 'string' && isSubmissionId(row.id) && typeof row.service_id === 'string' && typeof row.created_ms === 'number' && STATES.has(String(row.state));
          if (!ok || seen.has(String(row.id))) {
            const id = idsByRowid.get(rid);
            if (id && !seen.has(id)) report.lostIds.push(id);
            else if (!id) report.unreadableRows++;
            continue;
          }
          const id = row.id as string;
          const serviceId = row.service_id as string;
          seen.add(id);
          let state = row.state === 'in-flight' ? 'pending' : (row.state as string);
          let lastError = typeof row.last_error === 'string' ? row.last_error : null;
          const body = Buffer.isBuffer(row.body) ? row.body : null;
          if (state !== 'done') {
            let problem = body === null ? 'no stored body' : null;
            if (body !== null) {
              try {
                sealer.open(body, `submission:${id}:${serviceId}`);
              } catch (e) {
                problem = e instanceof Error ? e.message : String(e);
              }
            }
            if (problem) {
              report.unreadableBodies.push(id);
              state = 'dead';
              lastError = `salvage: the stored body does not open (${problem})`.slice(0, 300);
            }
          }
          insert.run(
            id,
            serviceId,
            row.created_ms,
            state,
            typeof row.attempts === 'number' ? row.attempts : 0,
            state === 'pending' ? now : typeof row.next_attempt_ms === 'number' ? row.next_attempt_ms : now,
            lastError,
            now,
            state === 'done' ? null : body,
            typeof row.receipt_no === 'string' ? row.receipt_no : null,
            typeof row.received_at === 'string' ? row.received_at : null,
          );
          report.copied[state as 'pending' | 'done' | 'dead']++;
        }
        try {
          const discarded = src.prepare('SELECT id, service_id, reason, discarded_ms FROM discarded').all() as { id: string; service_id: string; reason: string; discarded_ms: number }[];
          const audit = dst.prepare('INSERT OR IGNORE INTO discarded (id, service_id, reason, discarded_ms) VALUES (?, ?, ?, ?)');
          for (const d of discarded) audit.run(d.id, d.service_id, d.reason, d.discarded_ms);
        } catch (e) {
          if (!isCorruption(e)) throw e;
        }
      }).immediate();
      dst.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      dst.close();
    }
    renameSync(tmp, target);
  } finally {
    src.close();
  }
  return report;
}
