import { useEffect, useState } from 'react';
import type { QueueView } from '../../../contracts/protocol.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import { useConnection, useHost } from '../host/host-context.js';

/** The service catalog from the host, fetched at every (re)connect. */
export function useCatalog(): ServiceDefinition[] {
  const host = useHost();
  const { state, info } = useConnection();
  const [services, setServices] = useState<ServiceDefinition[]>([]);
  useEffect(() => {
    if (state !== 'open') return;
    let live = true;
    host.call('services.list', {}).then(
      (r) => live && setServices(r.services),
      (e: unknown) => console.error('services.list failed', e),
    );
    return () => {
      live = false;
    };
  }, [host, state, info?.bootId]);
  return services;
}

/** The offline queue's state (for the network check of services that need the back end). */
export function useQueueView(): QueueView | null {
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
  return q;
}
