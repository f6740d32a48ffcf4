import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Rows of one of the kiosk's SQLite files (e.g. the embedded demo back end's), read-only; none before it exists. */
export function sqliteRows<T>(file: string, sql: string, ...args: unknown[]): T[] {
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

/** Poll `probe` every 250 ms until it gives a value (things reach the back end through the offline queue). */
export async function waitForValue<T>(what: string, probe: () => T | null | undefined, timeoutMs = 45_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
