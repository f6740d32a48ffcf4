import { Emitter } from '../common/events.js';
import type { Outbox } from './outbox.js';
import type { OutboxCorruptError } from './outbox-integrity.js';
import type { QueueStatus } from './outbox-types.js';

/**
 * The stand-in for an outbox whose file failed its integrity check at start-up: the kiosk stays up
 * (devices, lookups, printing keep working) but nothing is written to or read from the damaged
 * file, which is left exactly as it is for `kiosk-diag queue salvage`. Every `enqueue` is refused
 * with the fault (`device-error`, "cannot save now"); the counts are zero because none can be trusted.
 */
export function quarantinedOutbox(fault: OutboxCorruptError, kioskId: string): Outbox {
  const never = new Emitter<never>({ listenerErrors: 'defer' });
  const refuse = (): never => {
    throw fault;
  };
  const zero: QueueStatus = { pending: 0, inFlight: 0, done: 0, dead: 0, oldestPendingAgeMs: 0 };
  return {
    file: fault.file,
    kioskId,
    cipher: 'aes-256-gcm',
    enqueue: refuse,
    enqueueBundle: refuse,
    enqueueAsync: async () => refuse(),
    enqueueBundleAsync: async () => refuse(),
    bundleOutcome: () => [],
    status: () => ({ ...zero }),
    fault: () => fault,
    onDidFault: never.event,
    onDidChange: never.event,
    claimDue: () => [],
    openBody: refuse,
    settle: refuse,
    nextDueAt: () => null,
    hasUnsent: () => false,
    recoverInFlight: () => 0,
    purgeDone: () => 0,
    outcome: () => null,
    listDead: () => [],
    exportDead: () => [],
    retry: refuse,
    discard: refuse,
    close: () => never.clear(),
  };
}
