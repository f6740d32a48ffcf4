import Database from 'better-sqlite3';
import { shortCaseNumber } from '../contracts/case-number.js';
import type { SubmissionState } from './outbox-types.js';

/** One submission as the status query shows it: where it stands, never its body. */
export interface CaseMember {
  id: string;
  serviceId: string;
  state: SubmissionState;
  receiptNo: string | null;
  /** The back end's refusal code for a dead-lettered member (`HTTP 422 address-required` → `address-required`). */
  reason: string | null;
  /** Position in its bundle; null for a lone submission. */
  member: number | null;
}

/** How the bundles in the outbox stand, for the fleet telemetry: counts only. */
export interface BundleCounts {
  /** Every member acknowledged by its department. */
  accepted: number;
  /** At least one member refused (the others stand). */
  partlyRefused: number;
  /** Some member still waiting to be sent. */
  open: number;
}

/** Rows scanned for a case number at most (retention keeps a week of rows; a busy kiosk has a few thousand). */
const MAX_SCAN = 200_000;

/**
 * Reads the outbox beside its writer, on its own read-only connection (WAL: it never blocks the
 * writer nor the sync worker): the citizen's status query by case number and the bundle counts the
 * fleet sees. Only ids, states, receipt numbers and refusal codes are read, never a body. Kept out
 * of the outbox itself so the writer's file stays about writing.
 */
export class OutboxReader {
  private db: Database.Database | null = null;

  constructor(private readonly file: string) {}

  private conn(): Database.Database {
    this.db ??= new Database(this.file, { readonly: true, fileMustExist: true, timeout: 5000 });
    return this.db;
  }

  /**
   * The submission `caseNumber` names (as {@link shortCaseNumber} made it on kiosk `kioskId`) and,
   * when it is part of a bundle, every member of that bundle in member order. Empty when the case
   * is not on this kiosk (another kiosk's, mistyped, or purged after the retention).
   */
  findCase(kioskId: string, caseNumber: string): CaseMember[] {
    const want = canonical(caseNumber);
    const db = this.conn();
    let hit: { id: string; bundleId: string | null } | null = null;
    // The case number is a digest of the id: computed per row (µs each), newest first.
    for (const row of db.prepare('SELECT id, bundle_id AS bundleId FROM submissions ORDER BY rowid DESC LIMIT ?').iterate(MAX_SCAN) as Iterable<{ id: string; bundleId: string | null }>) {
      if (canonical(shortCaseNumber(row.id, kioskId)) === want) {
        hit = row;
        break;
      }
    }
    if (!hit) return [];
    const cols = 'id, service_id AS serviceId, state, receipt_no AS receiptNo, last_error AS lastError, bundle_member AS member';
    const rows = (
      hit.bundleId
        ? db.prepare(`SELECT ${cols} FROM submissions WHERE bundle_id = ? ORDER BY bundle_member`).all(hit.bundleId)
        : db.prepare(`SELECT ${cols} FROM submissions WHERE id = ?`).all(hit.id)
    ) as (Omit<CaseMember, 'reason'> & { lastError: string | null })[];
    return rows.map(({ lastError, ...r }) => ({ ...r, reason: r.state === 'dead' ? refusalCode(lastError) : null }));
  }

  /** The bundles in the outbox (within the retention) by how they stand. */
  bundleCounts(): BundleCounts {
    const r = this.conn()
      .prepare(
        `SELECT COALESCE(SUM(done = n), 0) AS accepted, COALESCE(SUM(dead > 0), 0) AS partlyRefused, COALESCE(SUM(done + dead < n), 0) AS open FROM (
           SELECT COUNT(*) AS n, SUM(state = 'done') AS done, SUM(state = 'dead') AS dead FROM submissions WHERE bundle_id IS NOT NULL GROUP BY bundle_id)`,
      )
      .get() as BundleCounts;
    return { accepted: r.accepted, partlyRefused: r.partlyRefused, open: r.open };
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }
}

function canonical(caseNumber: string): string {
  return caseNumber.toUpperCase().replace(/[\s-]+/g, '');
}

/**
 * The back end's code from a stored error (`HTTP 422 address-required`), or the status alone
 * (`HTTP 400`). The stored text is the sync worker's own summary: a status and a checked code.
 */
export function refusalCode(lastError: string | null): string | null {
  if (!lastError) return null;
  const m = /^HTTP (\d{3})(?: ([A-Za-z0-9_.-]{1,64}))?$/.exec(lastError);
  if (m) return m[2] ?? `http-${m[1]}`;
  // A tampered payload or another local reason: a code, not the message (it may name a file).
  return lastError.startsWith('payload-tampered') ? 'payload-tampered' : 'other';
}
