import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
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

type Found = { rid: bigint; id: string | null };
type Sealer = ReturnType<typeof createPayloadSealer>;

/** Notes into `found` every rowid (and id, when the query reads it) that `sql` still lists past `after`, up to the first damage. */
function collectRowids(src: SqliteDatabase, found: SqliteDatabase, sql: string, withId: boolean, after: bigint): void {
  const note = found.prepare('INSERT INTO found (rid, id) VALUES (?, ?) ON CONFLICT (rid) DO UPDATE SET id = coalesce(found.id, excluded.id)');
  let batch: Found[] = [];
  const flush = found.transaction((rows: Found[]) => {
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
}

/** The discarded-items audit, copied as far as it reads. */
function copyDiscarded(src: SqliteDatabase, dst: SqliteDatabase): void {
  type Discarded = { id: string; service_id: string; reason: string; discarded_ms: number };
  try {
    const audit = dst.prepare('INSERT OR IGNORE INTO discarded (id, service_id, reason, discarded_ms) VALUES (?, ?, ?, ?)');
    const copy = dst.transaction((rows: Discarded[]) => {
      for (const d of rows) audit.run(d.id, d.service_id, d.reason, d.discarded_ms);
    });
    let batch: Discarded[] = [];
    for (const d of src.prepare('SELECT id, service_id, reason, discarded_ms FROM discarded').iterate() as Iterable<Discarded>) {
      batch.push(d);
      if (batch.length >= BATCH) {
        copy(batch);
        batch = [];
      }
    }
    copy(batch);
  } catch (e) {
    if (!isCorruption(e)) throw e;
  }
}

/**
 * A row's state in the fresh outbox: in-flight goes out again as pending; a pending or dead row
 * whose body no longer opens with the key becomes a dead letter with the reason.
 */
function salvagedState(row: RawRow, sealer: Sealer): { state: 'pending' | 'done' | 'dead'; lastError: string | null; unreadable: boolean } {
  const state = row.state === 'in-flight' ? 'pending' : (row.state as 'pending' | 'done' | 'dead');
  const lastError = typeof row.last_error === 'string' ? row.last_error : null;
  if (state === 'done') return { state, lastError, unreadable: false };
  const body = Buffer.isBuffer(row.body) ? row.body : null;
  let problem = body === null ? 'no stored body' : null;
  if (body !== null) {
    try {
      sealer.open(body, `submission:${row.id as string}:${row.service_id as string}`);
    } catch (e) {
      problem = e instanceof Error ? e.message : String(e);
    }
  }
  if (!problem) return { state, lastError, unreadable: false };
  return { state: 'dead', lastError: `salvage: the stored body does not open (${problem})`.slice(0, 300), unreadable: true };
}

/** The copy from the damaged file into the fresh one: a table scan, then (past damage) what the indexes and small gaps still give. */
class SalvageCopy {
  private readonly insert: Statement;
  private readonly copied: Statement;
  private readonly read: Statement;
  private readonly range: Statement;
  private readonly next: Statement;
  private readonly scan: Statement;
  private probes = 0;

  constructor(
    private readonly src: SqliteDatabase,
    private readonly found: SqliteDatabase,
    private readonly dst: SqliteDatabase,
    private readonly sealer: Sealer,
    private readonly report: SalvageReport,
    private readonly now: number,
  ) {
    this.insert = dst.prepare(
      'INSERT OR IGNORE INTO submissions (id, service_id, created_ms, state, attempts, next_attempt_ms, last_error, updated_ms, body, receipt_no, received_at, bundle_id, bundle_member) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.copied = dst.prepare('SELECT 1 FROM submissions WHERE id = ?').pluck();
    // Rowids may exceed 2^53: read as BigInt (the row's other integers are turned back into numbers).
    this.read = src.prepare('SELECT rowid AS rid, * FROM submissions WHERE rowid = ?').safeIntegers(true);
    this.range = src.prepare('SELECT rowid AS rid, * FROM submissions WHERE rowid > ? AND rowid <= ? ORDER BY rowid').safeIntegers(true);
    this.next = found.prepare('SELECT rid, id FROM found WHERE rid > ? ORDER BY rid LIMIT ?').safeIntegers(true);
    // A sound table is read in rowid order, a batch per transaction, until the end or the first damage.
    this.scan = src.prepare('SELECT rowid AS rid, * FROM submissions WHERE rowid > ? ORDER BY rowid LIMIT ?').safeIntegers(true);
  }

  run(): void {
    const copyScan = this.dst.transaction((after: bigint) => this.copyScanBatch(after));
    let last = 0n;
    for (;;) {
      const r = copyScan.immediate(last);
      last = r.prev;
      if (r.end) return;
      if (r.damaged) break;
    }
    // Damage: beyond it, rows are found by what still lists them (the scan may get further,
    // the indexes are b-trees of their own) and read in batches between the rowids found.
    collectRowids(this.src, this.found, 'SELECT rowid AS rid FROM submissions WHERE rowid > ?', false, last);
    collectRowids(this.src, this.found, 'SELECT rowid AS rid, id FROM submissions INDEXED BY sqlite_autoindex_submissions_1 WHERE rowid > ?', true, last);
    collectRowids(this.src, this.found, 'SELECT rowid AS rid FROM submissions INDEXED BY submissions_due WHERE rowid > ?', false, last);
    collectRowids(this.src, this.found, 'SELECT rowid AS rid FROM submissions INDEXED BY submissions_age WHERE rowid > ?', false, last);
    const copyBatch = this.dst.transaction((rows: Found[], after: bigint) => this.copyFoundBatch(rows, after));
    for (;;) {
      const rows = this.next.all(last, BATCH) as Found[];
      if (rows.length === 0) break;
      copyBatch.immediate(rows, last);
      last = rows[rows.length - 1]!.rid;
    }
  }

  /** A row read from the damaged file (undefined: no row at that rowid), copied if it is sound. */
  private copyRow(row: RawRow | undefined, indexedId: string | null): void {
    if (!row) return; // a gap in the rowids: deleted rows, not damage
    const ok = typeof row.id === 'string' && isSubmissionId(row.id) && typeof row.service_id === 'string' && typeof row.created_ms === 'number' && STATES.has(String(row.state));
    if (!ok || this.copied.get(row.id) !== undefined) {
      if (indexedId && this.copied.get(indexedId) === undefined) this.report.lostIds.push(indexedId);
      else if (!indexedId) this.report.unreadableRows++;
      return;
    }
    const { state, lastError, unreadable } = salvagedState(row, this.sealer);
    if (unreadable) this.report.unreadableBodies.push(row.id as string);
    const now = this.now;
    this.insert.run(
      row.id,
      row.service_id,
      row.created_ms,
      state,
      typeof row.attempts === 'number' ? row.attempts : 0,
      state === 'pending' ? now : typeof row.next_attempt_ms === 'number' ? row.next_attempt_ms : now,
      lastError,
      now,
      state === 'done' ? null : Buffer.isBuffer(row.body) ? row.body : null,
      typeof row.receipt_no === 'string' ? row.receipt_no : null,
      typeof row.received_at === 'string' ? row.received_at : null,
      typeof row.bundle_id === 'string' ? row.bundle_id : null,
      typeof row.bundle_member === 'number' ? row.bundle_member : null,
    );
    this.report.copied[state]++;
  }

  /** One rowid read on its own: a corrupt page costs that row only. */
  private probe(rid: bigint, indexedId: string | null): void {
    let row: RawRow | undefined;
    try {
      row = numbers(this.read.get(rid) as Record<string, unknown> | undefined);
    } catch (e) {
      if (!isCorruption(e)) throw e;
      if (indexedId) this.report.lostIds.push(indexedId);
      else this.report.unreadableRows++;
      return;
    }
    this.copyRow(row, indexedId);
  }

  /** Up to a batch of the sound table in rowid order; stops at the end or the first damage. */
  private copyScanBatch(after: bigint): { prev: bigint; end: boolean; damaged: boolean } {
    let prev = after;
    let n = 0;
    try {
      for (const raw of this.scan.iterate(after, BATCH) as Iterable<Record<string, unknown>>) {
        this.copyRow(numbers(raw), null);
        prev = raw.rid as bigint;
        n++;
      }
    } catch (e) {
      if (!isCorruption(e)) throw e;
      return { prev, end: false, damaged: true };
    }
    return { prev, end: n < BATCH, damaged: false };
  }

  /**
   * The rowids found up to the batch's last. First as one range scan, which also finds rows in the
   * gaps between them; where the scan meets damage, the rest of the batch is read rowid by rowid,
   * the small gaps probed too.
   */
  private copyFoundBatch(rows: Found[], after: bigint): void {
    const ids = new Map(rows.map((r) => [r.rid, r.id]));
    let prev = after;
    try {
      for (const raw of this.range.iterate(after, rows[rows.length - 1]!.rid) as Iterable<Record<string, unknown>>) {
        const rid = raw.rid as bigint;
        this.copyRow(numbers(raw), ids.get(rid) ?? null);
        prev = rid;
      }
      return;
    } catch (e) {
      if (!isCorruption(e)) throw e;
    }
    for (const r of rows) {
      if (r.rid <= prev) continue;
      const gap = Number(r.rid - prev - 1n);
      if (gap > 0 && gap <= MAX_GAP_PROBE && this.probes + gap <= MAX_PROBES) {
        this.probes += gap;
        for (let g = prev + 1n; g < r.rid; g++) this.probe(g, null);
      } else if (gap > 0) this.report.unprobedRowids += gap;
      this.probe(r.rid, r.id);
      prev = r.rid;
    }
  }
}

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
    createPrivateFile(tmp);
    const dst = openConnection(tmp);
    try {
      migrate(dst);
      dst.prepare("INSERT INTO meta (key, value) VALUES ('key-fingerprint', ?)").run(keyFingerprint(key));
      new SalvageCopy(src, found, dst, sealer, report, options.now ?? Date.now()).run();
      copyDiscarded(src, dst);
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
