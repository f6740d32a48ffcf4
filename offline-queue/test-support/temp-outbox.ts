import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileKeyStore } from '../key-store.js';
import { openOutbox, type Outbox, type OutboxOptions } from '../outbox.js';

/** A temp directory holding `data/` and `key`; `cleanup()` removes it all. */
export function tempDirs(prefix = 'outbox-test-'): { root: string; dataDir: string; keyFile: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  return { root, dataDir: join(root, 'data'), keyFile: join(root, 'key'), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function openTestOutbox(dirs: { dataDir: string; keyFile: string }, extra: Partial<OutboxOptions> = {}): Promise<Outbox> {
  return openOutbox({ dataDir: dirs.dataDir, keyStore: createFileKeyStore(dirs.keyFile), kioskId: 'test-kiosk', ...extra });
}
