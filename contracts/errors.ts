import { z } from 'zod';

/**
 * Error codes that cross the host ↔ renderer boundary. Errors travel as plain data
 * (`{ code, message, retryable }`), never as class instances: identity does not survive IPC.
 */
export const ErrorCode = z.enum([
  'bad-request', // the request failed validation at the boundary
  'unknown-method',
  'timeout', // a device or back end did not answer in time
  'cancelled', // the caller cancelled; not a failure
  'busy', // the device is already serving another request
  'device-offline',
  'device-error',
  'paper-end',
  'cover-open',
  'protocol-error',
  'backend-error',
  'not-found',
  'forbidden',
  'not-available', // e.g. the simulator panel on real devices
  'stock-unregistered', // numbered security paper whose first serial a technician has not registered
  'rate-limited', // too many requests from one connection: try again shortly
  'pcsc-unavailable', // no PC/SC service (pcscd) or no PC/SC binding on this machine
  'card-removed', // a smart card left the reader mid-read
  'card-unreadable', // a smart card that does not answer (mute, wrong way round)
  'card-unsupported', // a bank, blank or unknown card where a social security card was expected
  'psam-required', // the card gives this field only after external authentication with a PSAM
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const KioskErrorData = z.object({
  code: ErrorCode,
  message: z.string(),
  retryable: z.boolean(),
});
export type KioskErrorData = z.infer<typeof KioskErrorData>;

/** An Error that carries a contract error code; converted to data with {@link toErrorData}. */
export class KioskError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  constructor(code: ErrorCode, message: string, retryable = false, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KioskError';
    this.code = code;
    this.retryable = retryable;
  }
}

/** Recognise by shape, not by class: errors from another realm or process keep their code. */
export function isKioskErrorLike(e: unknown): e is KioskErrorData {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    ErrorCode.safeParse((e as { code: unknown }).code).success
  );
}

export function toErrorData(e: unknown): KioskErrorData {
  if (isKioskErrorLike(e)) {
    const retryable = (e as { retryable?: unknown }).retryable;
    return { code: e.code, message: String(e.message ?? e.code), retryable: retryable === true };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message, retryable: false };
}

export function isCancellation(e: unknown): boolean {
  return isKioskErrorLike(e) && e.code === 'cancelled';
}
