/**
 * Crash-test child for life-event bundles: enqueues bundles of four members and prints
 * `bundleId id1 id2 id3 id4` right after each `enqueueBundle` returned (i.e. after COMMIT).
 *   node --import tsx bundle-child.ts DATA_DIR KEY_FILE once|loop
 * `once` kills itself with SIGKILL straight after the first bundle, before anything could be
 * sent or a receipt printed; `loop` runs until the parent kills it.
 */
import { createFileKeyStore } from '../key-store.js';
import { openOutbox } from '../outbox.js';

const [dataDir, keyFile, mode] = process.argv.slice(2);
if (!dataDir || !keyFile || (mode !== 'once' && mode !== 'loop')) throw new Error('usage: bundle-child DATA_DIR KEY_FILE once|loop');
const outbox = await openOutbox({ dataDir, keyStore: createFileKeyStore(keyFile), kioskId: 'crash-kiosk', recoverInFlight: false });
process.stdout.write('ready\n');
const members = ['birth-registration', 'newborn-medical-insurance', 'newborn-social-security-card', 'vaccination-certificate'];
for (let i = 0; ; i++) {
  const { bundleId, ids } = outbox.enqueueBundle(
    'newborn',
    members.map((serviceId) => ({ serviceId, payload: { applicant: { name: '王芳', idNumber: '320508199001010029' }, childName: '王小宝', seq: i } })),
  );
  // Synchronous on a Linux pipe: once this returns, the parent can read the line even if we die.
  process.stdout.write(`${[bundleId, ...ids].join(' ')}\n`);
  if (mode === 'once') process.kill(process.pid, 'SIGKILL');
}
