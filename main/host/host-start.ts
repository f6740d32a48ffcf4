import createDebug from 'debug';
import type { KioskConfig } from '../../contracts/config.js';
import { DeviceHub, type DeviceFactories } from '../../drivers/hub.js';
import { secureDataDir } from './data-dir.js';
import { defaultFactories } from '../../drivers/devices.js';
import { QueueService } from './queue-service.js';
import { loadCatalogChecked, type Catalog } from './service-catalog.js';

const log = createDebug('kiosk:host');

export interface HostOptions {
  factories?: DeviceFactories;
  /** Folder of service definitions; default `KIOSK_SERVICES_DIR` or the app's `services/`. */
  servicesDir?: string;
}

/** What must be up before the Host is built: the checked service catalog, the data dir, the devices, the queue. */
export async function startHostParts(config: KioskConfig, options: HostOptions): Promise<{ hub: DeviceHub; queue: QueueService; catalog: Catalog }> {
  // A broken service definition stops start-up before any device is opened (CatalogError names the
  // file); checked in a worker thread with a time budget, so a too costly policy rule cannot hang it.
  const catalog = await loadCatalogChecked(options.servicesDir ?? process.env.KIOSK_SERVICES_DIR ?? undefined);
  secureDataDir(config.dataDir);
  const hub = await DeviceHub.create(config.devices, options.factories ?? defaultFactories, { dataDir: config.dataDir, documentFont: { fontPath: config.documents.fontPath, fontName: config.documents.fontName } });
  log('devices: %o', hub.statuses().map((s) => `${s.id}=${s.state}`));
  const queue = await QueueService.start(config).catch(async (e: unknown) => {
    await hub.dispose();
    throw e;
  });
  return { hub, queue, catalog };
}
