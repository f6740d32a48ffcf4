/**
 * Crash-test child: syncs the outbox to URL until it is empty, then prints `drained` and exits 0.
 * Fast back-off (base 5 ms, cap 100 ms) keeps the test short; the policy's shape is unchanged.
 *   node --import tsx sync-child.ts DATA_DIR KEY_FILE URL TOKEN
 */
import { createFileKeyStore } from '../key-store.js';
import { openOutbox } from '../outbox.js';
import { createSyncWorker } from '../sync-worker.js';

const [dataDir, keyFile, url, token] = process.argv.slice(2);
if (!dataDir || !keyFile || !url || !token) throw new Error('usage: sync-child DATA_DIR KEY_FILE URL TOKEN');
const outbox = await openOutbox({ dataDir, keyStore: createFileKeyStore(keyFile), kioskId: 'crash-kiosk' });
const worker = createSyncWorker({ outbox, url, token, backoff: { baseMs: 5, capMs: 100 }, requestTimeoutMs: 2000 });
await worker.drain({ timeoutMs: 120_000 });
await worker.stop();
outbox.close();
process.stdout.write('drained\n');
