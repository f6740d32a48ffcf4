import { useState } from 'react';
import { useHost } from '../../host/host-context.js';
import { useOutcomePoll } from './use-outcome-poll.js';

/**
 * The back end's receiptNo for this session's submission, once the sync worker has delivered it
 * while the citizen is still on the screen (null until then, and when the answer carried none).
 * Polls `submission.outcome`; stops at `done`/`dead`, on an error, or when the screen goes.
 */
export function useReceiptNo(submissionId: string | null): string | null {
  const host = useHost();
  const [receiptNo, setReceiptNo] = useState<string | null>(null);
  useOutcomePoll(
    submissionId,
    'submission.outcome',
    (signal) => host.call('submission.outcome', { id: submissionId! }, { signal }),
    (r) => {
      if (r.receiptNo) setReceiptNo(r.receiptNo);
      return r.state === 'done' || r.state === 'dead';
    },
  );
  return receiptNo;
}
