import type { DeviceStatus } from '../../../contracts/devices.js';
import type { QueueView } from '../../../contracts/protocol.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import { devicesNeeded, type NeededDevice } from '../../../contracts/service-devices.js';

/** Why a service cannot be used right now (each is named to the citizen, never by colour alone). */
export type Unavailable = { kind: 'device'; device: NeededDevice } | { kind: 'hours'; from: string; to: string } | { kind: 'network' };

function online(devices: DeviceStatus[], kind: NeededDevice): boolean {
  const d = devices.find((x) => x.kind === kind);
  // A device the host has not reported yet is not held against the service.
  return !d || (d.state !== 'offline' && d.state !== 'error');
}

/** Minutes since midnight in hall time (config `hall.timeZone`, default China Standard Time) of `now`. */
export function hallMinutes(now: Date, timeZone = 'Asia/Shanghai'): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** Everything that stops `def` now: offline devices it needs, closed hours, no network for a lookup. */
export function unavailableReasons(def: ServiceDefinition, devices: DeviceStatus[], now: Date, queue: QueueView | null, timeZone = 'Asia/Shanghai'): Unavailable[] {
  const out: Unavailable[] = [];
  const need = devicesNeeded(def);
  for (const d of need.all) if (!online(devices, d)) out.push({ kind: 'device', device: d });
  if (need.any.length && !need.any.some((d) => online(devices, d))) for (const d of need.any) out.push({ kind: 'device', device: d });
  const h = def.availability.hours;
  if (h) {
    const m = hallMinutes(now, timeZone);
    const open = minutes(h.from) <= minutes(h.to) ? m >= minutes(h.from) && m < minutes(h.to) : m >= minutes(h.from) || m < minutes(h.to);
    if (!open) out.push({ kind: 'hours', from: h.from, to: h.to });
  }
  if (def.availability.needsNetwork && queue && (queue.sync === 'backing-off' || queue.sync === 'paused-auth')) out.push({ kind: 'network' });
  return out;
}

/** Does the service reach for this device at all (to say "receipt printing is unavailable" in the flow)? */
export function usesDevice(def: ServiceDefinition, device: NeededDevice): boolean {
  const n = devicesNeeded(def);
  return n.all.includes(device) || n.any.includes(device) || n.optional.includes(device);
}
