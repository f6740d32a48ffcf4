import type { DeviceStatus } from '../../contracts/devices.js';
import type { QueueView } from '../../contracts/protocol.js';

/**
 * The fleet heartbeat's body and its urgent-event rules, as pure functions (docs/offline-queue.md, "Sync API":
 * `POST {url}/v1/kiosks/{kioskId}/heartbeat`). Counts and states only: never personal data.
 */

/** Paper as the back end's console shows it. */
export type PaperLevel = 'ok' | 'near-end' | 'out' | 'unknown';

/** An urgent condition: raised once when it appears, sent at once (debounced). */
export interface UrgentEvent {
  kind: 'paper-out' | 'reader-offline' | 'queue-stuck' | 'device-error';
  /** The device id, or `queue`. */
  source: string;
  detail: string | null;
}

/** What the host knows at one moment. */
export interface HeartbeatSnapshot {
  devices: DeviceStatus[];
  queue: QueueView;
  /** True when no citizen session is in progress. */
  idle: boolean;
  uptimeSec: number;
}

export interface HeartbeatBody {
  kioskId: string;
  bootId: string;
  sentAt: string;
  /** `startup`, `periodic`, or `urgent` (then `urgent` lists what was raised). */
  reason: 'startup' | 'periodic' | 'urgent';
  urgent: UrgentEvent[];
  /** Conditions standing now (raised earlier or now), so one heartbeat tells the whole story. */
  conditions: UrgentEvent[];
  versions: Record<string, string>;
  devices: { id: string; kind: string; state: string; detail: string | null; simulated: boolean; lastErrorCode: string | null }[];
  queue: { pending: number; inFlight: number; dead: number; oldestPendingAgeMs: number; sync: string };
  paper: Record<string, PaperLevel>;
  idle: boolean;
  uptimeSec: number;
}

/** Paper level of a printer from its status detail (the ESC/POS status bits, see status-codec.ts). */
export function paperLevel(d: DeviceStatus): PaperLevel {
  if (d.detail === 'paper-end' || d.detail === 'media-empty') return 'out';
  if (d.detail === 'paper-near-end' || d.detail === 'media-low') return 'near-end';
  if (d.state === 'ready' || d.state === 'busy') return 'ok';
  return 'unknown';
}

/** The urgent conditions standing in a snapshot. */
export function urgentConditions(s: Pick<HeartbeatSnapshot, 'devices' | 'queue'>, opts: { queueStuckMs: number }): UrgentEvent[] {
  const out: UrgentEvent[] = [];
  for (const d of s.devices) {
    if ((d.kind === 'receipt-printer' || d.kind === 'document-printer') && paperLevel(d) === 'out') out.push({ kind: 'paper-out', source: d.id, detail: d.detail });
    else if (d.kind === 'idcard-reader' && d.state === 'offline') out.push({ kind: 'reader-offline', source: d.id, detail: d.detail });
    else if (d.state === 'error' || d.state === 'offline') out.push({ kind: 'device-error', source: d.id, detail: d.detail });
  }
  if (s.queue.pending + s.queue.inFlight > 0 && s.queue.oldestPendingAgeMs >= opts.queueStuckMs) out.push({ kind: 'queue-stuck', source: 'queue', detail: s.queue.sync });
  return out;
}

const key = (e: UrgentEvent) => `${e.kind}:${e.source}`;

/** Conditions in `next` that were not standing in `prev`: these are sent at once. */
export function newlyRaised(prev: UrgentEvent[], next: UrgentEvent[]): UrgentEvent[] {
  const had = new Set(prev.map(key));
  return next.filter((e) => !had.has(key(e)));
}

/** Build the body of one heartbeat. */
export function buildHeartbeat(args: {
  kioskId: string;
  bootId: string;
  now: Date;
  reason: HeartbeatBody['reason'];
  urgent: UrgentEvent[];
  snapshot: HeartbeatSnapshot;
  versions: Record<string, string>;
  queueStuckMs: number;
}): HeartbeatBody {
  const { snapshot: s } = args;
  const paper: Record<string, PaperLevel> = {};
  for (const d of s.devices) if (d.kind === 'receipt-printer' || d.kind === 'document-printer') paper[d.id] = paperLevel(d);
  return {
    kioskId: args.kioskId,
    bootId: args.bootId,
    sentAt: args.now.toISOString(),
    reason: args.reason,
    urgent: args.urgent,
    conditions: urgentConditions(s, { queueStuckMs: args.queueStuckMs }),
    versions: args.versions,
    devices: s.devices.map((d) => ({ id: d.id, kind: d.kind, state: d.state, detail: d.detail, simulated: d.simulated, lastErrorCode: d.lastError?.code ?? null })),
    queue: { pending: s.queue.pending, inFlight: s.queue.inFlight, dead: s.queue.dead, oldestPendingAgeMs: s.queue.oldestPendingAgeMs, sync: s.queue.sync },
    paper,
    idle: s.idle,
    uptimeSec: Math.round(s.uptimeSec),
  };
}
