import { useEffect, useState } from 'react';
import type { BundleDefinition } from '../../../contracts/bundle-definition.js';
import type { FieldGroupDef } from '../../../contracts/data-dictionary.js';
import type { QueueView } from '../../../contracts/protocol.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';

/** The catalog as services.list serves it: the services, the life-event bundles over them, the dictionary's field groups. */
export interface Catalog {
  services: ServiceDefinition[];
  bundles: BundleDefinition[];
  fieldGroups: FieldGroupDef[];
}
const EMPTY: Catalog = { services: [], bundles: [], fieldGroups: [] };
import { useConnection, useHost } from '../host/host-context.js';

/** The service catalog from the host, fetched at every (re)connect. */
export function useCatalog(): Catalog {
  const host = useHost();
  const { state, info } = useConnection();
  const [catalog, setCatalog] = useState<Catalog>(EMPTY);
  useEffect(() => {
    if (state !== 'open') return;
    let live = true;
    host.call('services.list', {}).then(
      (r) => live && setCatalog({ services: r.services, bundles: r.bundles, fieldGroups: r.fieldGroups }),
      (e: unknown) => console.error('services.list failed', e),
    );
    return () => {
      live = false;
    };
  }, [host, state, info?.bootId]);
  return catalog;
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
