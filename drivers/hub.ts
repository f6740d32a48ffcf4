import type { KioskConfig } from '../contracts/config.js';
import type { DeviceStatus, HealthLevel, HealthResult } from '../contracts/devices.js';
import { KioskError } from '../contracts/errors.js';
import { Emitter, type Disposable } from '../common/events.js';
import type { DeviceService } from './core/device.js';
import type { DeviceContext, DeviceHandle } from './core/factory.js';
import type { defaultFactories } from './devices.js';

type Registered = typeof defaultFactories;
/** A device's key in the registry (drivers/devices.ts) and in the config's `devices:`. */
export type DeviceKey = keyof Registered & keyof KioskConfig['devices'];
/** The factories the hub builds devices with; the host passes the registry's, tests may pass others. */
export type DeviceFactories = { [K in DeviceKey]: Registered[K] };
/** One opened device per key: its service, its simulator's controls (with `transport: sim`), its dispose. */
export type DeviceHandles = { readonly [K in DeviceKey]: Awaited<ReturnType<Registered[K]>> };

/**
 * The device hub: builds every registered device, opens it, relays status changes and runs health
 * checks. It owns the devices: {@link DeviceHubCore.dispose} closes them all. Each device is also a
 * property of the hub by its key (`hub.idCardReader.service`).
 */
class DeviceHubCore {
  private readonly statusEmitter = new Emitter<DeviceStatus>();
  readonly onDidChangeStatus = this.statusEmitter.event;
  private readonly subscriptions: Disposable[] = [];
  private readonly handles: DeviceHandle<DeviceService, unknown>[];

  constructor(handles: DeviceHandles) {
    Object.assign(this, handles);
    this.handles = Object.values(handles);
    for (const d of this.devices()) this.subscriptions.push(d.onDidChangeStatus((s) => this.statusEmitter.fire(s)));
  }

  devices(): DeviceService[] {
    return this.handles.map((h) => h.service);
  }

  statuses(): DeviceStatus[] {
    return this.devices().map((d) => d.status());
  }

  async checkHealth(id: string, level: HealthLevel): Promise<HealthResult> {
    const d = this.devices().find((x) => x.id === id);
    if (!d) throw new KioskError('not-found', `no device "${id}"`);
    return d.checkHealth(level);
  }

  async dispose(): Promise<void> {
    for (const s of this.subscriptions) s.dispose();
    const results = await Promise.allSettled(this.handles.map((h) => h.dispose()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length) throw new AggregateError(failed.map((f) => f.reason), 'device hub: some devices failed to close');
  }
}

export type DeviceHub = DeviceHubCore & DeviceHandles;

type AnyFactory = (config: unknown, ctx: DeviceContext) => Promise<DeviceHandle<DeviceService, unknown>>;

export const DeviceHub = {
  /** Build and open every device in the factories' order; a failure closes the ones already made. */
  async create(devices: KioskConfig['devices'], factories: DeviceFactories, ctx: DeviceContext): Promise<DeviceHub> {
    const made: Partial<Record<DeviceKey, DeviceHandle<DeviceService, unknown>>> = {};
    try {
      for (const key of Object.keys(factories) as DeviceKey[]) {
        // Factories hand over services already opened (an absent device is `offline` and retrying).
        made[key] = await (factories[key] as AnyFactory)(devices[key], ctx);
      }
      return new DeviceHubCore(made as DeviceHandles) as DeviceHub;
    } catch (e) {
      await Promise.allSettled(Object.values(made).map((h) => h.dispose()));
      throw e;
    }
  },
};
