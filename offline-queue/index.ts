/**
 * offline-queue: the host-facing API of the durable outbox and its sync worker.
 *
 *   const outbox = await openOutbox({ dataDir, kioskId, keyStore: createFileKeyStore(defaultKeyFilePath(dataDir)) });
 *   const worker = createSyncWorker({ outbox, url, token });
 *   worker.start();
 *   const id = outbox.enqueue('social-security.pension-cert', { … });   // after COMMIT
 *   …
 *   await worker.stop(); outbox.close();
 */
export { openOutbox, readOutboxStatus, DEFAULT_OUTBOX_FILE, DEFAULT_RETENTION_MS, MAX_BODY_BYTES, type Outbox, type OutboxOptions } from './outbox.js';
export type { QueueStatus, SubmissionState, SubmissionOutcome, DeadItem, DeadExport, ClaimedSubmission, Settlement, BundleMemberOutcome, EnqueuedBundle } from './outbox-types.js';
export { OutboxCorruptError, StorageFullError, isStorageFull, isCorruption, checkOutboxFile, type BodyOpener } from './outbox-integrity.js';
export { OutboxReader, refusalCode, type BundleCounts, type CaseMember } from './outbox-reader.js';
export { quarantinedOutbox } from './quarantined-outbox.js';
export { salvageOutbox, type SalvageReport } from './outbox-salvage.js';
export { createSyncWorker, type SyncWorker, type SyncWorkerOptions, type SyncState, type SyncStatus, type SyncAlert } from './sync-worker.js';
export { createFileKeyStore, createSafeStorageKeyStore, defaultKeyFilePath, type KeyStore, type SafeStorageLike } from './key-store.js';
export { PayloadIntegrityError, CIPHER_NAMES, createPayloadSealer, keyFingerprint, type CipherName } from './payload-cipher.js';
export { canonicalJson } from './canonical-json.js';
export { isSubmissionId } from './submission-id.js';
export { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
export { DEFAULT_THROTTLE, type ThrottlePolicy } from './adaptive-throttle.js';
export { createSyncHttpClient, type SyncHttpClient, type HttpAnswer } from './sync-client.js';
export type { Disposable } from '../common/events.js';
