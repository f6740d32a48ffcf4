import { useEffect, useState } from 'react';
import { useHost } from '../../host/host-context.js';

/** How often the done screen asks whether the back end has acknowledged the submission. */
const POLL_MS = 2000;
/** The done screen times out long before this; the bound keeps a forgotten screen from polling forever. */
const MAX_POLLS = 150;

/**
 * The back end's receiptNo for this session's submission, once the sync worker has delivered it
 * while the citizen is still on the screen (null until then, and when the answer carried none).
 * Polls `submission.outcome`; stops at `done`/`dead`, on an error, or when the screen goes.
 */
export function useReceiptNo(submissionId: string | null): string | null {
  const host = useHost();
  const [receiptNo, setReceiptNo] = useState<string | null>(null);
  useEffect(() => {
    if (!submissionId) return;
    const ac = new AbortController();
    let polls = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () => {
      host.call('submission.outcome', { id: submissionId }, { signal: ac.signal }).then(
        (r) => {
          if (ac.signal.aborted) return;
          if (r.receiptNo) setReceiptNo(r.receiptNo);
          if (r.state === 'done' || r.state === 'dead' || ++polls >= MAX_POLLS) return;
          timer = setTimeout(ask, POLL_MS);
        },
        (e: unknown) => {
          // The case number alone is still a complete answer; the receiptNo is a bonus.
          if (!ac.signal.aborted) console.warn('submission.outcome failed', e);
        },
      );
    };
    ask();
    return () => {
      ac.abort();
      clearTimeout(timer);
    };
  }, [host, submissionId]);
  return receiptNo;
}
