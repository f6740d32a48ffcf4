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
  /** Rowids in gaps too large to probe one by one (normal after deletions; reported, not read). */
  unprobedRowids: number;
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
  /** Absent in a file written before the bundle link existed. */
  bundle_id?: unknown;
  bundle_member?: unknown;
}

const STATES = new Set(['pending', 'in-flight', 'done', 'dead']);

/** A row read with BigInt integers, its columns back as numbers (timestamps and counts are far below 2^53). */
function numbers(raw: Record<string, unknown> | undefined): RawRow | undefined {
  if (!raw) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = typeof v === 'bigint' ? Number(v) : v;
  return out as unknown as RawRow;
}

/** Rows read and written per transaction: memory stays flat whatever the outbox holds. */
const BATCH = 2000;
/**
 * A gap between the rowids the scan and the indexes found is probed rowid by rowid only up to this
 * size: a row the scan lost inside a damaged page lies in a small gap (rowids are dense); probing a
 * gap of 2^40 would never end.
 */
const MAX_GAP_PROBE = 100_000;
/** At most this many rowids are probed in all. */
const MAX_PROBES = 2_000_000;

/**
 * Copy every readable row of a damaged outbox into a fresh one, keeping each row's id (its
 * idempotency key), state and sealed body byte for byte, so every id is still sent exactly once:
 * pending and in-flight rows go out again under the same key (the back end answers 200 for one it
 * already stored), done rows stay done, dead rows stay dead. The damaged file is only ever read.
 *
 * The table is read in rowid order in batches until the end or the first damage. Beyond damage,
 * rows are found three ways, because damage cuts a table scan short: the table scan as far as it
 * gets, every rowid the indexes still list, and every rowid in the small gaps between those (rows
 * a damaged page hid from all of them); they are read a range at a time, and rowid by rowid where a
 * range meets damage. The rowids found are kept in a temporary SQLite file, not in memory, and rows
 * are copied a batch per transaction, so an outbox of any size (or with a rowid of 2^40) is
 * salvaged in bounded memory. Bodies are test-opened with the key; one
 * that no longer opens is kept as a dead letter with the reason (a technician sees it; it is never
 * sent altered).
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
  // An anonymous on-disk database (SQLite deletes it on close): the list of rowids to read.
  const found = new Database('');
  const report: SalvageReport = { source: sourceFile, target, copied: { pending: 0, done: 0, dead: 0 }, unreadableBodies: [], lostIds: [], unreadableRows: 0, unprobedRowids: 0 };
  const tmp = `${target}.salvaging`;
  try {
    found.exec('CREATE TABLE found (rid INTEGER PRIMARY KEY, id TEXT)');
    const note = found.prepare('INSERT INTO found (rid, id) VALUES (?, ?) ON CONFLICT (rid) DO UPDATE SET id = coalesce(found.id, excluded.id)');
    const collect = (sql: string, withId: boolean, after: bigint) => {
      let batch: { rid: bigint; id: string | null }[] = [];
      const flush = found.transaction((rows: typeof batch) => {
        for (const r of rows) note.run(r.rid, r.id);
      });
      try {
        for (const r of src.prepare(sql).safeIntegers(true).iterate(after) as Iterable<{ rid: bigint; id?: unknown }>) {
          batch.push({ rid: r.rid, id: withId && typeof r.id === 'string' ? r.id : null });
          if (batch.length >= BATCH) {
            flush(batch);
            batch = [];
          }
        }
      } catch (e) {
        if (!isCorruption(e)) throw e;
      } finally {
        flush(batch);
      }
    };

    createPrivateFile(tmp);
    const dst = openConnection(tmp);
    try {
      migrate(dst);
      dst.prepare("INSERT INTO meta (key, value) VALUES ('key-fingerprint', ?)").run(keyFingerprint(key));
      const insert = dst.prepare(
        'INSERT OR IGNORE INTO submissions (id, service_id, created_ms, state, attempts, next_attempt_ms, last_error, updated_ms, body, receipt_no, received_at, bundle_id, bundle_member) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const copied = dst.prepare('SELECT 1 FROM submissions WHERE id = ?').pluck();
      // Rowids may exceed 2^53: read as BigInt (the row's other integers are turned back into numbers).
      const read = src.prepare('SELECT rowid AS rid, * FROM submissions WHERE rowid = ?').safeIntegers(true);
      const range = src.prepare('SELECT rowid AS rid, * FROM submissions WHERE rowid > ? AND rowid <= ? ORDER BY rowid').safeIntegers(true);
      const next = found.prepare('SELECT rid, id FROM found WHERE rid > ? ORDER BY rid LIMIT ?').safeIntegers(true);
      const now = options.now ?? Date.now();
      let probes = 0;

      /** A row read from the damaged file (undefined: no row at that rowid), copied if it is sound. */
      const copyRow = (row: RawRow | undefined, indexedId: string | null) => {
        if (!row) return; // a gap in the rowids: deleted rows, not damage
        const ok = typeof row.id === 'string' && isSubmissionId(row.id) && typeof row.service_id === 'string' && typeof row.created_ms === 'number' && STATES.has(String(row.state));
        if (!ok || copied.get(row.id) !== undefined) {
          if (indexedId && copied.get(indexedId) === undefined) report.lostIds.push(indexedId);
          else if (!indexedId) report.unreadableRows++;
          return;
        }
        const id = row.id as string;
        const serviceId = row.service_id as string;
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
          typeof row.bundle_id === 'string' ? row.bundle_id : null,
          typeof row.bundle_member === 'number' ? row.bundle_member : null,
        );
        report.copied[state as 'pending' | 'done' | 'dead']++;
      };

      /** One rowid read on its own: a corrupt page costs that row only. */
      const probe = (rid: bigint, indexedId: string | null) => {
        let row: RawRow | undefined;
        try {
          row = numbers(read.get(rid) as Record<string, unknown> | undefined);
        } catch (e) {
          if (!isCorruption(e)) throw e;
          if (indexedId) report.lostIds.push(indexedId);
          else report.unreadableRows++;
          return;
        }
        copyRow(row, indexedId);
      };

      /**
       * The rowids found up to the batch's last, a transaction each. First as one range scan, which
       * also finds rows in the gaps between them; where the scan meets damage, the rest of the batch
       * is read rowid by rowid, the small gaps probed too.
       */
      const copyBatch = dst.transaction((rows: { rid: bigint; id: string | null }[], after: bigint) => {
        const ids = new Map(rows.map((r) => [r.rid, r.id]));
        let prev = after;
        try {
          for (const raw of range.iterate(after, rows[rows.length - 1]!.rid) as Iterable<Record<string, unknown>>) {
            const rid = raw.rid as bigint;
            copyRow(numbers(raw), ids.get(rid) ?? null);
            prev = rid;
          }
          return;
        } catch (e) {
          if (!isCorruption(e)) throw e;
        }
        for (const r of rows) {
          if (r.rid <= prev) continue;
          const gap = Number(r.rid - prev - 1n);
          if (gap > 0 && gap <= MAX_GAP_PROBE && probes + gap <= MAX_PROBES) {
            probes += gap;
            for (let g = prev + 1n; g < r.rid; g++) probe(g, null);
          } else if (gap > 0) report.unprobedRowids += gap;
          probe(r.rid, r.id);
          prev = r.rid;
        }
      });
      // A sound table is read in rowid order, a batch per transaction, until the end or the first damage.
      const scan = src.prepare('SELECT rowid AS rid, * FROM submissions WHERE rowid > ? ORDER BY rowid LIMIT ?').safeIntegers(true);
      const copyScan = dst.transaction((after: bigint) => {
        let prev = after;
        let n = 0;
        try {
          for (const raw of scan.iterate(after, BATCH) as Iterable<Record<string, unknown>>) {
            copyRow(numbers(raw), null);
            prev = raw.rid as bigint;
            n++;
          }
        } catch (e) {
          if (!isCorruption(e)) throw e;
          return { prev, end: false, damaged: true };
        }
        return { prev, end: n < BATCH, damaged: false };
      });
      let last = 0n;
      for (;;) {
        const r = copyScan.immediate(last);
        last = r.prev;
        if (r.end) break;
        if (!r.damaged) continue;
        // Damage: beyond it, rows are found by what still lists them (the scan may get further,
        // the indexes are b-trees of their own) and read in batches between the rowids found.
        collect('SELECT rowid AS rid FROM submissions WHERE rowid > ?', false, last);
        collect('SELECT rowid AS rid, id FROM submissions INDEXED BY sqlite_autoindex_submissions_1 WHERE rowid > ?', true, last);
        collect('SELECT rowid AS rid FROM submissions INDEXED BY submissions_due WHERE rowid > ?', false, last);
        collect('SELECT rowid AS rid FROM submissions INDEXED BY submissions_age WHERE rowid > ?', false, last);
        for (;;) {
          const rows = next.all(last, BATCH) as { rid: bigint; id: string | null }[];
          if (rows.length === 0) break;
          copyBatch.immediate(rows, last);
          last = rows[rows.length - 1]!.rid;
        }
        break;
      }
      try {
        const audit = dst.prepare('INSERT OR IGNORE INTO discarded (id, service_id, reason, discarded_ms) VALUES (?, ?, ?, ?)');
        const copyDiscarded = dst.transaction((rows: { id: string; service_id: string; reason: string; discarded_ms: number }[]) => {
          for (const d of rows) audit.run(d.id, d.service_id, d.reason, d.discarded_ms);
        });
        let batch: { id: string; service_id: string; reason: string; discarded_ms: number }[] = [];
        for (const d of src.prepare('SELECT id, service_id, reason, discarded_ms FROM discarded').iterate() as Iterable<(typeof batch)[number]>) {
          batch.push(d);
          if (batch.length >= BATCH) {
            copyDiscarded(batch);
            batch = [];
          }
        }
        copyDiscarded(batch);
      } catch (e) {
        if (!isCorruption(e)) throw e;
      }
      dst.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      dst.close();
    }
    renameSync(tmp, target);
  } finally {
    found.close();
    src.close();
  }
  return report;
}
