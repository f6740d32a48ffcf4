import { FleetClient, type FleetClientOptions } from './fleet-client.js';
import { type FleetHost, midService } from './fleet-host.js';
import { createKioskControl } from '../kiosk/kiosk-control.js';
import type { FirmwareInstaller } from './firmware-update.js';
import { baseConfigOf } from '../config/remote-config.js';

/**
 * Fleet operations (docs/protocol.md §5): the kiosk as a ThingsBoard device. The entry the
 * runtime calls; without a `fleet:` config nothing starts and nothing changes.
 */
export { FleetClient, Topics } from './fleet-client.js';
export type { FleetHost } from './fleet-host.js';
export type { FleetStatus } from './fleet-status.js';
export { readFleetStatus } from './fleet-status.js';
export { HourlyCounter, type KioskScreen } from './telemetry.js';

export interface StartFleetOptions {
  appVersion: string;
  /** The shell's restart (the same path as a technician's restart). */
  restart(): void;
  installer?: FirmwareInstaller;
  /** Tests: faster back-off and pacing. */
  tuning?: Pick<FleetClientOptions, 'backoff' | 'paceMs' | 'stableMs'>;
}

export function startFleet(host: FleetHost, opts: StartFleetOptions): FleetClient | null {
  const fleet = host.config.fleet;
  if (!fleet) return null;
  // Remember the file's config before any remote layer is applied at run time.
  baseConfigOf(host.config);
  const store = host.diagnosticsStore;
  const client = new FleetClient({
    host,
    fleet,
    appVersion: opts.appVersion,
    control: createKioskControl({ config: host.config, hub: host.hub, queue: host.queue, state: host.state, idle: () => !midService(host), restart: opts.restart }),
    installer: opts.installer,
    ...opts.tuning,
    audit: (action, ok, detail) => {
      try {
        store.audit(action, ok, detail);
      } catch (e) {
        process.stderr.write(`fleet: audit not written: ${(e as Error).message}\n`);
      }
    },
  });
  client.start();
  return client;
}
