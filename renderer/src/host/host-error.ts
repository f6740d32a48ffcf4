import type { KioskErrorData } from '../../../contracts/errors.js';

/** A failed request, as data from the host (or made here when the host is unreachable). */
export class HostError extends Error {
  readonly code: KioskErrorData['code'];
  readonly retryable: boolean;
  constructor(data: KioskErrorData) {
    super(data.message);
    this.name = 'HostError';
    this.code = data.code;
    this.retryable = data.retryable;
  }
}
