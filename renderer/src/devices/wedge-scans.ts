import type { ResultOf } from '../../../contracts/protocol.js';
import { HostError } from '../host/host-error.js';

/** Where the host client gets a scan when the scanner is a keyboard wedge. */
export interface ScanSource {
  next(timeoutMs: number, signal?: AbortSignal): Promise<ResultOf<'scanner.scan'>>;
}

/**
 * Scans from the keyboard-wedge detector (wedge-input.ts) handed to whoever is waiting for one: a
 * scan serves the oldest pending `scanner.scan`; with nobody waiting it is dropped, so a code
 * scanned on the home screen does not answer a later question. Waits end with the scan, the
 * request's timeout (`timeout`, retryable) or its AbortSignal (`cancelled`), as the host's own
 * scanner requests do (docs/protocol.md §2).
 */
export class WedgeScans implements ScanSource {
  private readonly waiters = new Set<(data: string) => void>();

  /** A scan arrived from the detector. */
  deliver(data: string): void {
    const [first] = this.waiters;
    if (!first) return; // armed only while a flow asks for a scan
    this.waiters.delete(first);
    first(data);
  }

  /** The next scan, within `timeoutMs`. */
  next(timeoutMs: number, signal?: AbortSignal): Promise<ResultOf<'scanner.scan'>> {
    return new Promise((resolve, reject) => {
      const done = () => {
        this.waiters.delete(waiter);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter = (data: string) => {
        done();
        resolve({ data, source: 'keyboard', symbology: null });
      };
      const onAbort = () => {
        done();
        reject(new HostError({ code: 'cancelled', message: 'cancelled', retryable: false }));
      };
      const timer = setTimeout(() => {
        done();
        reject(new HostError({ code: 'timeout', message: `no scan within ${timeoutMs} ms`, retryable: true }));
      }, timeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  /** How many requests wait for a scan (for tests and diagnostics). */
  get waiting(): number {
    return this.waiters.size;
  }
}
