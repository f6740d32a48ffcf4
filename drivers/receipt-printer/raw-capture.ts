import type { RequestOptions } from '../core/device.js';

/**
 * The raw console's capture: `send()`, then collect every chunk the tap receives until `quietMs`
 * (default 200) of silence after the first one, or until `timeoutMs` (then possibly nothing).
 * `setTap` installs the collector in place of the reply decoder; the caller removes it.
 */
export function captureUntilQuiet(setTap: (tap: (chunk: Uint8Array) => void) => void, send: () => Promise<void>, options: RequestOptions & { quietMs?: number }): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  return new Promise<Uint8Array>((resolve, reject) => {
    let quiet: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(deadline);
      clearTimeout(quiet);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(Buffer.concat(chunks));
    };
    const onAbort = () => {
      clearTimeout(deadline);
      clearTimeout(quiet);
      reject(options.signal?.reason);
    };
    const deadline = setTimeout(finish, options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    setTap((chunk) => {
      chunks.push(chunk);
      clearTimeout(quiet);
      quiet = setTimeout(finish, options.quietMs ?? 200);
    });
    send().catch((e: unknown) => {
      clearTimeout(deadline);
      clearTimeout(quiet);
      reject(e);
    });
  });
}
