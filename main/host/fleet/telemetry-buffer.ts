import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Telemetry kept on disk (`<dataDir>/fleet/telemetry.sqlite`) until the broker acknowledged it
 * (docs/protocol.md §5): every record is appended here first and removed only after its PUBACK, so
 * an outage, a crash or a restart loses nothing but what the bounds drop. Bounded by count and by
 * age, oldest dropped first; the drops are counted (and sent as `telemetry.dropped`).
 */
export interface BufferedRecord {
  seq: number;
  ts: number;
  values: Record<string, unknown>;
}

export interface TelemetryBufferOptions {
  file: string;
  maxRecords: number;
  maxAgeMs: number;
  now?: () => number;
}

export class TelemetryBuffer {
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly insert: Database.Statement;

  constructor(private readonly o: TelemetryBufferOptions) {
    mkdirSync(dirname(o.file), { recursive: true });
    this.now = o.now ?? Date.now;
    this.db = new Database(o.file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a process crash; a power cut may lose the last few records, which is
    // what the bounds would drop anyway (telemetry is not citizen data: the outbox keeps FULL).
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS telemetry (seq INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER NOT NULL, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    `);
    this.insert = this.db.prepare('INSERT INTO telemetry (ts, body) VALUES (?, ?)');
  }

  /** Append one record; applies the bounds. */
  push(ts: number, values: Record<string, unknown>): void {
    this.db.transaction(() => {
      this.insert.run(ts, JSON.stringify(values));
      this.enforceBounds();
    })();
  }

  private enforceBounds(): void {
    const cutoff = this.now() - this.o.maxAgeMs;
    let dropped = this.db.prepare('DELETE FROM telemetry WHERE ts < ?').run(cutoff).changes;
    const n = this.count();
    if (n > this.o.maxRecords) {
      dropped += this.db.prepare('DELETE FROM telemetry WHERE seq IN (SELECT seq FROM telemetry ORDER BY seq LIMIT ?)').run(n - this.o.maxRecords).changes;
    }
    if (dropped > 0) this.db.prepare('INSERT INTO counters (name, value) VALUES (\'dropped\', ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value').run(dropped);
  }

  /** The oldest `limit` records whose JSON fits in `maxBytes` together (at least one), in order. */
  peek(limit: number, maxBytes = Infinity): BufferedRecord[] {
    this.db.transaction(() => this.enforceBounds())();
    const rows = this.db.prepare('SELECT seq, ts, body FROM telemetry ORDER BY seq LIMIT ?').all(limit) as { seq: number; ts: number; body: string }[];
    const out: BufferedRecord[] = [];
    let bytes = 0;
    for (const r of rows) {
      bytes += r.body.length + 32;
      if (out.length > 0 && bytes > maxBytes) break;
      let values: Record<string, unknown>;
      try {
        values = JSON.parse(r.body) as Record<string, unknown>;
      } catch (e) {
        // A torn row (should not happen with SQLite, but the file is on a kiosk's disk): skip it, counted.
        this.db.prepare('DELETE FROM telemetry WHERE seq = ?').run(r.seq);
        this.db.prepare('INSERT INTO counters (name, value) VALUES (\'dropped\', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1').run();
        process.stderr.write(`fleet: dropped an unreadable telemetry row: ${(e as Error).message}\n`);
        continue;
      }
      out.push({ seq: r.seq, ts: r.ts, values });
    }
    return out;
  }

  /** Remove records up to and including `seq` (after the broker acknowledged them). */
  ack(seq: number): void {
    this.db.prepare('DELETE FROM telemetry WHERE seq <= ?').run(seq);
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM telemetry').get() as { n: number }).n;
  }

  oldestTs(): number | null {
    return (this.db.prepare('SELECT MIN(ts) AS ts FROM telemetry').get() as { ts: number | null }).ts;
  }

  /** Records dropped by the bounds since the file was created. */
  dropped(): number {
    return (this.db.prepare("SELECT value FROM counters WHERE name = 'dropped'").get() as { value: number } | undefined)?.value ?? 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
