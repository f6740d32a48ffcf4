import { useEffect } from 'react';

/** How often a done screen asks how a submission stands. */
const POLL_MS = 2000;
/** The done screen times out long before this; the bound keeps a forgotten screen from polling forever. */
const MAX_POLLS = 150;

/**
 * Ask `ask` every POLL_MS while the screen is up, for the submission `key` (nothing while it is
 * null): `onAnswer` takes each answer and says whether the question is settled. Stops when it is,
 * after MAX_POLLS, on an error (logged as `what failed`: the case number alone is already a
 * complete answer), or when the screen goes (the request in flight is aborted).
 */
export function useOutcomePoll<T>(key: string | null | undefined, what: string, ask: (signal: AbortSignal) => Promise<T>, onAnswer: (answer: T) => boolean): void {
  useEffect(() => {
    if (!key) return;
    const ac = new AbortController();
    let polls = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const once = () => {
      ask(ac.signal).then(
        (r) => {
          if (ac.signal.aborted) return;
          if (onAnswer(r) || ++polls >= MAX_POLLS) return;
          timer = setTimeout(once, POLL_MS);
        },
        (e: unknown) => {
          if (!ac.signal.aborted) console.warn(`${what} failed`, e);
        },
      );
    };
    once();
    return () => {
      ac.abort();
      clearTimeout(timer);
    };
  }, [key]);
}
