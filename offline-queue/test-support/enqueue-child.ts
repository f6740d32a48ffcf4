/**
 * Crash-test child: enqueues synthetic submissions as fast as it can and prints each id on its own
 * line right after `enqueue` returned (i.e. after COMMIT). The parent SIGKILLs it at random moments.
 *   node --import tsx enqueue-child.ts DATA_DIR KEY_FILE
 */
import { createFileKeyStore } from '../key-store.js';
import { openOutbox } from '../outbox.js';

const [dataDir, keyFile] = process.argv.slice(2);
if (!dataDir || !keyFile) throw new Error('usage: enqueue-child DATA_DIR KEY_FILE');
const outbox = await openOutbox({ dataDir, keyStore: createFileKeyStore(keyFile), kioskId: 'crash-kiosk', recoverInFlight: false });
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const id = outbox.enqueue('crash.test', { applicant: { name: '欧阳晓明', idNumber: '320508195602290013' }, seq: i });
  // Synchronous on a Linux pipe: once this returns, the parent can read the line even if we die.
  process.stdout.write(`${id}\n`);
}
