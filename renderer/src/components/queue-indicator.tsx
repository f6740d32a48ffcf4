import { useTranslation } from 'react-i18next';
import type { QueueView } from '../../../contracts/protocol.js';

/** On every screen while submissions wait to be sent: they are safe, and will go when online. */
export function QueueIndicator({ queue: q }: { queue: QueueView | null }) {
  const { t } = useTranslation();
  const waiting = q ? q.pending + q.inFlight : 0;
  if (waiting === 0) return null;
  return (
    <div className="queue-indicator" role="status" data-testid="queue-indicator">
      <span aria-hidden="true">⟳</span> {t('queue.savedOffline', { count: waiting })}
    </div>
  );
}
