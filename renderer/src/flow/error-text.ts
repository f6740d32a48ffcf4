import type { TFunction } from 'i18next';
import { HostError } from '../host/client.js';

const KNOWN = new Set(['timeout', 'device-offline', 'device-error', 'busy', 'paper-end', 'cover-open', 'backend-error', 'not-found', 'forbidden', 'stock-unregistered']);

/** A failure in plain words with what to do next; the code stays out of the citizen's sight. */
export function errorText(t: TFunction, e: unknown, phone: string): string {
  const code = e instanceof HostError ? e.code : null;
  if (code && KNOWN.has(code)) return t(`errors.${code}`, { phone });
  if (code === 'not-available') return t('errors.backend-error', { phone });
  return t('errors.generic', { phone });
}

/** Cancellation (the citizen left the step) is not a failure and is never shown. */
export function isCancelled(e: unknown): boolean {
  return e instanceof HostError && e.code === 'cancelled';
}
