import { createHash } from 'node:crypto';
import type { IdCard } from '../../../contracts/devices.js';
import { KioskError, toErrorData } from '../../../contracts/errors.js';
import type { SamResponse } from '../codec/responses.js';
import { hex, SamStatusCode } from '../codec/status.js';

/** Statuses in the middle of a read that mean "try the whole find → select → read again". */
const RETRYABLE_READ = new Set<number>([SamStatusCode.readFailed, SamStatusCode.selectFailed, SamStatusCode.noCard]);

/** A SAM status that is not success, with its SW3 kept for the retry decision. */
export class StatusError extends KioskError {
  constructor(what: string, readonly sw3: number, message: string) {
    super('device-error', `${what}: ${message} (SW3 ${hex(sw3)})`, true);
  }
}

export function statusError(what: string, r: SamResponse): StatusError {
  return new StatusError(what, r.status.code, r.status.message);
}

/** Whether a failed read is worth a fresh find → select → read (the card moved, a garbled frame). */
export function isRetryableRead(e: unknown): boolean {
  if (e instanceof StatusError) return RETRYABLE_READ.has(e.sw3);
  const err = toErrorData(e);
  return err.code === 'protocol-error' || err.code === 'timeout';
}

/** Which card this is, without keeping its number: SHA-256 of type and number. */
export function cardHash(card: IdCard): string {
  return createHash('sha256').update(`${card.cardType}\u0000${card.idNumber}`).digest('hex');
}
