import type { CatalogBundles } from '../../../contracts/bundle-definition.js';
import type { HandlerTable, HostInfo } from '../../../contracts/protocol.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import type { DeviceHub } from '../../../drivers/hub.js';
import type { KioskScreen } from '../fleet/index.js';
import type { QueueService } from '../queue-service.js';

export interface KioskDeps {
  bootId: string;
  info(): HostInfo;
  hub: Pick<DeviceHub, 'statuses' | 'scanner'>;
  queue: Pick<QueueService, 'view'>;
  services: ServiceDefinition[];
  /** The life-event bundles and the dictionary's field groups, served with the services. */
  bundles: CatalogBundles;
  /** The renderer reports the screen it shows (fleet telemetry, the out-of-service notice's timing). */
  setScreen(screen: KioskScreen): void;
}

type KioskMethod = 'host.info' | 'host.ping' | 'devices.list' | 'kiosk.screen' | 'queue.status' | 'services.list' | 'scanner.scan';

/** The renderer's reads of the kiosk as a whole: who it is, its devices, the queue, the service catalog. */
export function createKioskHandlers(d: KioskDeps): HandlerTable<KioskMethod> {
  return {
    'host.info': async () => d.info(),
    'host.ping': async () => ({ bootId: d.bootId, at: Date.now() }),
    'devices.list': async () => d.hub.statuses(),
    'kiosk.screen': async (p) => {
      d.setScreen(p.screen);
      return {};
    },
    'queue.status': async () => d.queue.view(),
    'services.list': async () => ({ services: d.services, ...d.bundles }),
    'scanner.scan': async (p, signal) => {
      const r = await d.hub.scanner.service.scanOnce({ timeoutMs: p.timeoutMs, signal });
      return { data: r.data, source: r.source, symbology: r.symbology };
    },
  };
}
