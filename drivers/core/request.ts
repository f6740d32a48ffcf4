import { KioskError } from '../../contracts/errors.js';
import type { RequestOptions } from './device.js';

/**
 * Run `work` with a timeout and an optional abort signal. `work` receives a signal that aborts on
 * either, so it can stop its own I/O. Timeout → `timeout`, abort → `cancelled`.
 */
export async function withTimeout<T>(
  what: string,
  options: RequestOptions,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new KioskError('timeout', `${what}: no answer within ${options.timeoutMs} ms`, true);
      controller.abort(err);
      reject(err);
    }, options.timeoutMs);
    if (options.signal) {
      onAbort = () => {
        const err = new KioskError('cancelled', `${what}: cancelled`, false);
        controller.abort(err);
        reject(err);
      };
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    return await Promise.race([work(controller.signal), guard]);
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
    if (!controller.signal.aborted) controller.abort(new KioskError('cancelled', `${what}: finished`, false));
  }
}

/** Resolve after `ms`, or reject with the signal's reason when it aborts first. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
