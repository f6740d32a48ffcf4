import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import createDebug from 'debug';
import type { FleetConfig } from '../../../contracts/config.js';
import type { Disposable } from '../../../common/events.js';
import type { FleetHost } from './fleet-host.js';
import type { FleetStatus } from './fleet-status.js';
import { TelemetryBuffer } from './telemetry-buffer.js';
import { type FleetEvent, raisedSince, standingConditions, TelemetryEncoder, telemetryValues, type FleetSnapshot } from './telemetry.js';
import { sleep, Topics } from './topics.js';

const log = createDebug('kiosk:fleet');

/** One telemetry publish carries at most this many records and bytes (a ThingsBoard default caps a message at 64 KB). */
const BATCH_RECORDS = 60;
const BATCH_BYTES = 48 * 1024;

export interface TelemetryUplinkOptions {
  host: Pick<FleetHost, 'hub' | 'queue' | 'startedAt' | 'usage' | 'state'>;
  fleet: FleetConfig;
  dataDir: string;
  link: { readonly connected: boolean; publish(topic: string, payload: string): Promise<void> };
  /** The fleet status the uplink keeps its fields of (buffered, dropped, last telemetry); `touch` after a change. */
  status: FleetStatus;
  touch(): void;
  /** Pause between telemetry batches while catching up after an outage, ms. */
  paceMs?: number;
  now: () => number;
}

/**
 * Telemetry to the platform: a record each period (only what changed, a full one now and then), urgent
 * events at once, all through the on-disk buffer so order and timestamps survive any outage. Counts,
 * states and codes only (telemetry.ts): nothing personal.
 */
export class TelemetryUplink {
  readonly buffer: TelemetryBuffer;
  private readonly encoder = new TelemetryEncoder();
  private stopped = false;
  private pumping = false;
  private lastFullAt = 0;
  private periodic: NodeJS.Timeout | null = null;
  private conditions = new Map<string, Omit<FleetEvent, 'at'>>();
  private deviceErrors: Record<string, number> = {};
  private diskFree: number | null = null;
  private diskBusy = false;
  private readonly subscriptions: Disposable[] = [];

  constructor(private readonly o: TelemetryUplinkOptions) {
    this.buffer = new TelemetryBuffer({ file: join(o.dataDir, 'fleet', 'telemetry.sqlite'), maxRecords: o.fleet.bufferMaxRecords, maxAgeMs: o.fleet.bufferMaxAgeHours * 3_600_000, now: o.now });
    o.status.buffered = this.buffer.count();
    o.status.dropped = this.buffer.dropped();
  }

  /** Watch devices and the queue, start the periodic record, and send the first one with `extra` beside it. */
  start(extra: Record<string, unknown>): void {
    const h = this.o.host;
    const prevStates = new Map(h.hub.statuses().map((d) => [d.id, d.state]));
    this.subscriptions.push(
      h.hub.onDidChangeStatus((d) => {
        if (d.state === 'error' && prevStates.get(d.id) !== 'error') this.deviceErrors[d.kind] = (this.deviceErrors[d.kind] ?? 0) + 1;
        prevStates.set(d.id, d.state);
        this.checkUrgent();
      }),
      h.queue.onDidChange(() => this.checkUrgent()),
      // The operator sees the kiosk go out of (or back into) service at once, not at the next period.
      h.state.onDidChangeOutOfService(() => this.push(this.values())),
      h.queue.onDidAlert((al) => {
        if (al.kind === 'outbox-corrupt') this.checkUrgent();
        else if (al.kind === 'dead-letter') this.urgent([{ kind: 'dead-letter', at: this.o.now() }]);
        else if (al.kind === 'payload-tampered') this.urgent([{ kind: 'tampered-record', at: this.o.now() }]);
        else if (al.kind === 'auth-failed') this.urgent([{ kind: 'backend-auth', at: this.o.now() }]);
      }),
    );
    void this.refreshDisk();
    this.periodic = setInterval(() => {
      void this.refreshDisk();
      this.push(this.encoder.next(telemetryValues(this.snapshot())));
    }, this.o.fleet.telemetrySec * 1000);
    this.periodic.unref();
    this.lastFullAt = this.o.now();
    this.push({ ...this.encoder.next(telemetryValues(this.snapshot())), ...extra });
    // Conditions already standing at start (a reader unplugged overnight, paper out) are events too.
    this.checkUrgent();
  }

  private snapshot(): FleetSnapshot {
    const h = this.o.host;
    const now = this.o.now();
    return {
      devices: h.hub.statuses(),
      queue: h.queue.view(),
      uptimeSec: (now - h.startedAt.getTime()) / 1000,
      diskFreeBytes: this.diskFree,
      memRssBytes: process.memoryUsage.rss(),
      screen: h.state.screen,
      sessionsCount: h.usage.sessions.total,
      sessionsLastHour: h.usage.sessions.lastHour(now),
      servicesLastHour: h.usage.services.lastHour(now),
      deviceErrors: Object.fromEntries(Object.entries(this.deviceErrors).map(([k, v]) => [k.replace(/-(\w)/g, (_m, ch: string) => ch.toUpperCase()), v])),
      rendererCrashes: h.state.rendererCrashes,
      outOfService: h.state.outOfService.on,
      telemetryDropped: this.buffer.dropped(),
      telemetryBuffered: this.buffer.count(),
      outboxCorrupt: h.queue.fault() !== null,
      bundles: h.queue.bundleCounts(),
    };
  }

  /** The current telemetry values (getStatus, the benchmark). */
  values(): Record<string, unknown> {
    return telemetryValues(this.snapshot());
  }

  private async refreshDisk(): Promise<void> {
    // One at a time: a data dir on a hung mount must not collect a pending statfs per period.
    if (this.diskBusy) return;
    this.diskBusy = true;
    try {
      const s = await statfs(this.o.dataDir);
      this.diskFree = s.bavail * s.bsize;
    } catch (e) {
      log('statfs: %s', (e as Error).message);
    } finally {
      this.diskBusy = false;
    }
  }

  private checkUrgent(): void {
    const h = this.o.host;
    const next = standingConditions(h.hub.statuses(), h.queue.view(), h.queue.fault() !== null);
    const raised = raisedSince(this.conditions, next, this.o.now());
    this.conditions = next;
    this.urgent(raised);
  }

  /** Urgent events go at once, each as its own record with the current values beside it. */
  private urgent(events: FleetEvent[]): void {
    if (!events.length) return;
    const values = this.values();
    events.forEach((e, i) => {
      log('urgent: %s %s', e.kind, e.device ?? '');
      // One ms apart: ThingsBoard keys telemetry by (key, ts), so two events at one ts would overwrite.
      this.buffer.push(e.at + i, { ...values, event: { kind: e.kind, ...(e.device ? { device: e.device } : {}), at: e.at } });
    });
    this.afterPush();
  }

  /** Telemetry always goes through the disk buffer, so order and original timestamps survive any outage. */
  push(values: Record<string, unknown>, ts = this.o.now()): void {
    if (this.stopped) return;
    this.buffer.push(ts, values);
    this.afterPush();
  }

  /**
   * After a reconnect, behind what was buffered, the whole current state: the operator sees the kiosk
   * as it is now. At most one such record per telemetry period: a flapping broker must not add one per
   * reconnect (the next periodic record is then the full one).
   */
  reconnected(): void {
    this.encoder.forceFull();
    if (this.o.now() - this.lastFullAt < this.o.fleet.telemetrySec * 1000) return;
    this.lastFullAt = this.o.now();
    this.push(this.encoder.next(telemetryValues(this.snapshot())));
  }

  private afterPush(): void {
    this.o.status.buffered = this.buffer.count();
    this.o.status.dropped = this.buffer.dropped();
    this.o.touch();
    void this.pump();
  }

  /** Send buffered telemetry in order, in batches, paced; stop at the first failure (kept for the next connect). */
  async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      let first = true;
      while (!this.stopped && this.o.link.connected) {
        const batch = this.buffer.peek(BATCH_RECORDS, BATCH_BYTES);
        if (!batch.length) break;
        if (!first) await sleep(this.o.paceMs ?? 200);
        first = false;
        const body = batch.length === 1 ? { ts: batch[0]!.ts, values: batch[0]!.values } : batch.map((r) => ({ ts: r.ts, values: r.values }));
        try {
          await this.o.link.publish(Topics.telemetry, JSON.stringify(body));
        } catch (e) {
          log('telemetry not acknowledged, kept: %s', (e as Error).message);
          break;
        }
        this.buffer.ack(batch[batch.length - 1]!.seq);
        this.o.status.lastTelemetryAt = new Date(this.o.now()).toISOString();
        this.o.status.buffered = this.buffer.count();
        this.o.touch();
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Stop sending; the buffer stays open until {@link close} (what was not acknowledged stays on disk). */
  stop(): void {
    this.stopped = true;
    if (this.periodic) clearInterval(this.periodic);
    for (const s of this.subscriptions) s.dispose();
  }

  close(): void {
    this.buffer.close();
  }
}
