import type { DeviceKind, DeviceStatus } from '../../../contracts/devices.js';
import type { KioskScreen, QueueView } from '../../../contracts/protocol.js';
import { paperLevel } from '../heartbeat.js';

/**
 * The fleet telemetry as pure functions (docs/protocol.md §5). Counts, states and codes only: nothing
 * here may ever carry a name, an ID number, a photo or free text a citizen typed; free-form device
 * details are reduced to short codes before they leave.
 */

export type { KioskScreen } from '../../../contracts/protocol.js';

/** Contract key of each device kind. */
export const DEVICE_KEYS: Record<DeviceKind, string> = {
  'idcard-reader': 'idCardReader',
  scanner: 'scanner',
  'receipt-printer': 'receiptPrinter',
  'document-printer': 'documentPrinter',
  'sscard-reader': 'sscardReader',
};

/** What the host knows at one moment. */
export interface FleetSnapshot {
  devices: DeviceStatus[];
  queue: QueueView;
  uptimeSec: number;
  diskFreeBytes: number | null;
  memRssBytes: number;
  screen: KioskScreen;
  /** Citizen sessions ended since start, and in the last hour. */
  sessionsCount: number;
  sessionsLastHour: number;
  /** Submissions (services used) in the last hour. */
  servicesLastHour: number;
  /** Error transitions per device kind key since start. */
  deviceErrors: Record<string, number>;
  rendererCrashes: number;
  outOfService: boolean;
  telemetryDropped: number;
  telemetryBuffered: number;
  /** The outbox file failed its integrity check: submissions are refused until a technician salvages it. */
  outboxCorrupt: boolean;
  /** Life-event bundles in the outbox by how they stand (counts only); null when it cannot be read. */
  bundles: { accepted: number; partlyRefused: number; open: number } | null;
}

/** A device detail as a code (`paper-near-end`), or `other`: a driver's free text never leaves. */
export function detailCode(detail: string | null): string | null {
  if (detail === null) return null;
  return /^[a-z0-9][a-z0-9-]{0,39}$/.test(detail) ? detail : 'other';
}

export type TelemetryValues = Record<string, string | number | boolean | null>;

/** The periodic telemetry values: every key docs/protocol.md §5 names, and what a fleet operator needs. */
export function telemetryValues(s: FleetSnapshot): TelemetryValues {
  const v: TelemetryValues = {};
  for (const d of s.devices) {
    const key = DEVICE_KEYS[d.kind];
    v[`device.${key}`] = d.state;
    v[`device.${key}.detail`] = detailCode(d.detail);
    v[`device.${key}.errorCode`] = d.lastError ? detailCode(d.lastError.code) : null;
    v[`device.${key}.errors`] = s.deviceErrors[key] ?? 0;
    if (d.kind === 'receipt-printer' || d.kind === 'document-printer') {
      const p = paperLevel(d);
      // The contract's three levels; a printer that cannot say (offline) reports its last-known "ok".
      v[`${key}.paper`] = p === 'unknown' ? (d.state === 'offline' ? 'out' : 'ok') : p;
    }
  }
  v['queue.pending'] = s.queue.pending;
  v['queue.inFlight'] = s.queue.inFlight;
  v['queue.dead'] = s.queue.dead;
  v['queue.done'] = s.queue.done;
  v['queue.oldestPendingAgeMs'] = Math.round(s.queue.oldestPendingAgeMs);
  v['sync.state'] = s.queue.sync;
  v['queue.corrupt'] = s.outboxCorrupt;
  // A bundle with a refused member is one citizen with an unfinished life event: staff follow it up.
  v['bundles.accepted'] = s.bundles?.accepted ?? null;
  v['bundles.partlyRefused'] = s.bundles?.partlyRefused ?? null;
  v['bundles.open'] = s.bundles?.open ?? null;
  v['sessions.count'] = s.sessionsCount;
  v['sessions.lastHour'] = s.sessionsLastHour;
  v['services.lastHour'] = s.servicesLastHour;
  v.uptimeSec = Math.round(s.uptimeSec);
  // Whole MiB: a byte-exact figure would change every period and defeat the delta encoding.
  v['disk.freeBytes'] = s.diskFreeBytes === null ? null : s.diskFreeBytes - (s.diskFreeBytes % MIB);
  v['mem.rssBytes'] = s.memRssBytes - (s.memRssBytes % MIB);
  v['renderer.crashes'] = s.rendererCrashes;
  v.screen = s.screen;
  v.outOfService = s.outOfService;
  v['telemetry.dropped'] = s.telemetryDropped;
  v['telemetry.buffered'] = s.telemetryBuffered;
  return v;
}

const MIB = 1 << 20;

/**
 * The keys docs/protocol.md §5 names as the least a kiosk sends: every telemetry message carries them,
 * so a platform (or a check) reading any one message sees the whole required state.
 */
export const CONTRACT_TELEMETRY_KEYS = [
  'device.idCardReader',
  'device.scanner',
  'device.receiptPrinter',
  'device.documentPrinter',
  'receiptPrinter.paper',
  'queue.pending',
  'queue.dead',
  'queue.oldestPendingAgeMs',
  'sessions.count',
  'uptimeSec',
  'disk.freeBytes',
  'screen',
] as const;

/**
 * Periodic telemetry as ThingsBoard stores it: the latest value per key. So a period sends the keys
 * of contracts §5 (which include `uptimeSec`, the liveness figure) and only the other keys that
 * changed, and every `fullEvery`-th period sends them all, which heals any record the outage buffer
 * had to drop. The full set is ~1 KB; see `npm run bench` (fleet) for the bytes an hour.
 */
export class TelemetryEncoder {
  private last: TelemetryValues | null = null;
  private n = 0;

  constructor(private readonly fullEvery = 10) {}

  next(values: TelemetryValues): TelemetryValues {
    const full = this.last === null || this.n % this.fullEvery === 0;
    this.n++;
    const prev = this.last;
    this.last = values;
    if (full || !prev) return values;
    // The contract's keys always; the rest (details, counters, memory) only when they changed.
    const out: TelemetryValues = {};
    for (const k of CONTRACT_TELEMETRY_KEYS) if (k in values) out[k] = values[k]!;
    for (const [k, v] of Object.entries(values)) if (prev[k] !== v) out[k] = v;
    return out;
  }

  /** The next record carries every key (after a reconnect: the platform sees the whole state at once). */
  forceFull(): void {
    this.n = 0;
  }
}

/** Urgent event kinds sent at once as `event: {kind, device?, at}`. */
export type UrgentKind = 'paper-out' | 'paper-near-end' | 'device-offline' | 'device-error' | 'dead-letter' | 'backend-auth' | 'tampered-record' | 'outbox-corrupt';

export interface FleetEvent {
  kind: UrgentKind;
  device?: string;
  at: number;
}

/** The standing conditions of a snapshot, as `kind:device` keys. */
export function standingConditions(devices: DeviceStatus[], queue: QueueView, outboxCorrupt = false): Map<string, Omit<FleetEvent, 'at'>> {
  const out = new Map<string, Omit<FleetEvent, 'at'>>();
  for (const d of devices) {
    const device = DEVICE_KEYS[d.kind];
    const add = (kind: UrgentKind) => out.set(`${kind}:${device}`, { kind, device });
    if (d.state === 'offline') add('device-offline');
    else if (d.state === 'error' && !((d.kind === 'receipt-printer' || d.kind === 'document-printer') && paperLevel(d) === 'out')) add('device-error');
    if (d.kind === 'receipt-printer' || d.kind === 'document-printer') {
      const p = paperLevel(d);
      if (p === 'out') add('paper-out');
      else if (p === 'near-end') add('paper-near-end');
    }
  }
  if (queue.sync === 'paused-auth') out.set('backend-auth:', { kind: 'backend-auth' });
  if (outboxCorrupt) out.set('outbox-corrupt:', { kind: 'outbox-corrupt' });
  return out;
}

/** Conditions standing in `next` and not in `prev`: these go at once. */
export function raisedSince(prev: Map<string, Omit<FleetEvent, 'at'>>, next: Map<string, Omit<FleetEvent, 'at'>>, at: number): FleetEvent[] {
  const out: FleetEvent[] = [];
  for (const [k, e] of next) if (!prev.has(k)) out.push({ ...e, at });
  return out;
}

/** Sliding one-hour count of moments (sessions, services used). */
export class HourlyCounter {
  private readonly stamps: number[] = [];
  total = 0;

  add(at = Date.now()): void {
    this.stamps.push(at);
    this.total++;
    this.trim(at);
  }

  lastHour(now = Date.now()): number {
    this.trim(now);
    return this.stamps.length;
  }

  private trim(now: number): void {
    while (this.stamps.length && this.stamps[0]! <= now - 3_600_000) this.stamps.shift();
  }
}
