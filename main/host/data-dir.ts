import { chmodSync, mkdirSync } from 'node:fs';

/**
 * Everything the host writes under the data dir (SQLite files and their -wal/-shm, logs, serial
 * counters, exports, spooled documents) is the kiosk's own and may hold personal data: files 0600,
 * directories 0700, whatever umask the shell was started with.
 */
export function secureDataDir(dataDir: string): void {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
}
