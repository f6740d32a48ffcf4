import { useEffect, useRef, useState } from 'react';
import { isCancelled } from '../error-text.js';

export type TaskState<T> = { k: 'running' } | { k: 'ok'; value: T } | { k: 'error'; error: unknown };

/**
 * Run one host request when the step opens (again on `retry()`), cancelled when the step closes.
 * `once` guards requests that must not run twice for one attempt (a submission).
 */
export function useHostTask<T>(run: (signal: AbortSignal) => Promise<T>, opts: { enabled?: boolean; onBusy?(b: boolean): void } = {}): { state: TaskState<T>; retry(): void } {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<TaskState<T>>({ k: 'running' });
  const runRef = useRef(run);
  runRef.current = run;
  const enabled = opts.enabled ?? true;
  const busy = useRef(opts.onBusy);
  busy.current = opts.onBusy;
  useEffect(() => {
    if (!enabled) return;
    const ac = new AbortController();
    setState({ k: 'running' });
    busy.current?.(true);
    runRef.current(ac.signal).then(
      (value) => !ac.signal.aborted && setState({ k: 'ok', value }),
      (error: unknown) => !ac.signal.aborted && !isCancelled(error) && setState({ k: 'error', error }),
    ).finally(() => busy.current?.(false));
    return () => {
      ac.abort();
      busy.current?.(false);
    };
  }, [attempt, enabled]);
  return { state, retry: () => setAttempt((a) => a + 1) };
}
