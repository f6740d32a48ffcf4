import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueView } from '../../../contracts/protocol.js';
import { useConnection, useHost } from '../host/host-context.js';

/** On every screen while submissions wait to be sent: they are safe, and will go when online. */
export function QueueIndicator() {
  const { t } = useTranslation();
  const host = useHost();
  const { state } = useConnection();
  const [q, setQ] = useState<QueueView | null>(null);
  useEffect(() => {
    if (state !== 'open') return;
    let live = true;
    host.call('queue.status', {}).then(
      (v) => live && setQ(v),
      (e: unknown) => console.error('queue.status failed', e),
    );
    const off = host.on('queue.status', setQ);
    return () => {
      live = false;
      off();
    };
  }, [host, state]);
  const waiting = q ? q.pending + q.inFlight : 0;
  if (waiting === 0) return null;
  return (
    <div className="queue-indicator" role="status" data-testid="queue-indicator">
      <span aria-hidden="true">⟳</span> {t('queue.savedOffline', { count: waiting })}
    </div>
  );
}
