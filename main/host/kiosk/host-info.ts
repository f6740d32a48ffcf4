import type { KioskConfig } from '../../../contracts/config.js';
import type { DeviceStatus } from '../../../contracts/devices.js';
import { PROTOCOL_VERSION, type HostInfo } from '../../../contracts/protocol.js';
import { APP_VERSION } from '../version.js';

/**
 * What the renderer learns about this kiosk at every (re)connect (`host.info`, `host.hello`): the
 * config's public parts, whether the devices are simulated, and the operator's out-of-service notice.
 */
export function hostInfo(c: KioskConfig, statuses: readonly DeviceStatus[], bootId: string, outOfService: { on: boolean; message: string | null }): HostInfo {
  return {
    protocol: PROTOCOL_VERSION,
    version: APP_VERSION,
    kioskId: c.kioskId,
    locale: c.locale,
    simulated: statuses.every((s) => s.simulated),
    devPanel: c.ui.devPanel && statuses.some((s) => s.simulated),
    hall: c.hall,
    ui: { idleTimeoutSec: c.ui.idleTimeoutSec, idleWarningSec: c.ui.idleWarningSec },
    bootId,
    scannerWedge:
      c.devices.scanner.transport === 'keyboard'
        ? { prefix: c.devices.scanner.prefix, suffix: c.devices.scanner.suffix, maxInterKeyMs: c.devices.scanner.maxInterKeyMs, minLength: c.devices.scanner.minLength }
        : null,
    recovery: { pingIntervalMs: c.recovery.pingIntervalMs, outOfServiceAfterSec: c.recovery.outOfServiceAfterSec },
    outOfService: { ...outOfService },
    camera: c.identity.camera ? { label: c.identity.camera.label, deviceId: c.identity.camera.deviceId, width: c.identity.camera.width, height: c.identity.camera.height } : null,
  };
}
