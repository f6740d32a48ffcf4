import createDebug from 'debug';
import type { Disposable } from '../../common/events.js';
import { createBackendHttp, type BackendHttp } from '../../backend-gateway/http-core.js';
import { buildHeartbeat, newlyRaised, urgentConditions, type HeartbeatBody, type HeartbeatSnapshot, type UrgentEvent } from './heartbeat.js';

const log = createDebug('kiosk:heartbeat');

/** What the heartbeat reads from the host. */
export interface HeartbeatSource {
  snapshot(): HeartbeatSnapshot;
  /** Fires when a device status or the queue changes (urgent conditions are re-checked then). */
  onDidChange(listener: () => void): Disposable;
}

/** Options of {@link HeartbeatClient}. */
export interface HeartbeatClientOptions {
  /** Back-end base URL (no trailing slash needed). */
  url: string;
  token: string;
  kioskId: string;
  bootId: string;
  /** Routine heartbeat period, ms; 0 sends only the start-up and urgent ones. */
  intervalMs: number;
  /** Urgent conditions raised within this many ms go in one heartbeat. */
  debounceMs: number;
  /** The queue counts as stuck past this age of its oldest pending submission, ms. */
  queueStuckMs: number;
  versions: Record<string, string>;
  source: HeartbeatSource;
  /** Per-request timeout, ms (default 10 000). */
  timeoutMs?: number;
}

/**
 * Sends the fleet heartbeat: one at start-up, one every `intervalMs`, and one at once (debounced)
 * when an urgent condition appears — paper out, ID reader offline, queue stuck, a device in error.
 * A failed send is logged and not retried on its own: the next heartbeat carries the standing
 * conditions anyway.
 */
export class HeartbeatClient {
  private readonly http: BackendHttp;
  private standing: UrgentEvent[] = [];
  private pendingUrgent: UrgentEvent[] = [];
  private urgentTimer: NodeJS.Timeout | null = null;
  private periodic: NodeJS.Timeout | null = null;
  private stuckCheck: NodeJS.Timeout | null = null;
  private sub: Disposable | null = null;
  private readonly inFlight = new Set<AbortController>();
  private sending = false;
  /** An urgent or start-up heartbeat that came while one was in flight: sent right after it. */
  private queued: { reason: HeartbeatBody['reason']; urgent: UrgentEvent[] } | null = null;
  private stopped = false;
  /** Heartbeats answered 2xx (for diagnostics and tests). */
  sent = 0;
  /** Periodic heartbeats skipped because the previous one was still in flight. */
  skipped = 0;

  constructor(private readonly o: HeartbeatClientOptions) {
    // One socket: at most one heartbeat is in flight.
    this.http = createBackendHttp({ url: o.url, token: o.token, timeoutMs: o.timeoutMs ?? 10_000, maxSockets: 1, maxAnswerBytes: 4096 });
  }

  start(): void {
    this.standing = urgentConditions(this.o.source.snapshot(), { queueStuckMs: this.o.queueStuckMs });
    void this.send('startup', []);
    if (this.o.intervalMs > 0) this.periodic = setInterval(() => void this.send('periodic', []), this.o.intervalMs);
    this.sub = this.o.source.onDidChange(() => this.check());
    // "Queue stuck" is a matter of time passing, not of an event: look again every half minute.
    this.stuckCheck = setInterval(() => this.check(), Math.min(30_000, Math.max(1000, this.o.queueStuckMs / 4)));
    this.periodic?.unref();
    this.stuckCheck.unref();
  }

  /** Re-evaluate urgent conditions now; newly raised ones are sent after the debounce. */
  check(): void {
    if (this.stopped) return;
    const now = urgentConditions(this.o.source.snapshot(), { queueStuckMs: this.o.queueStuckMs });
    const raised = newlyRaised(this.standing, now);
    this.standing = now;
    if (raised.length === 0) return;
    this.pendingUrgent.push(...newlyRaised(this.pendingUrgent, raised));
    if (this.urgentTimer) return;
    this.urgentTimer = setTimeout(() => {
      this.urgentTimer = null;
      const urgent = this.pendingUrgent.splice(0);
      if (urgent.length) void this.send('urgent', urgent);
    }, this.o.debounceMs);
  }

  /**
   * Build and POST one heartbeat; resolves true when the back end accepted it. At most one is in
   * flight: a back end that answers slowly (or never) must not collect one open request per period.
   * A periodic one due meanwhile is skipped (the next one carries the whole state anyway); an urgent
   * one is kept and sent as soon as the current one ends.
   */
  async send(reason: HeartbeatBody['reason'], urgent: UrgentEvent[]): Promise<boolean> {
    if (this.stopped) return false;
    if (this.sending) {
      if (reason === 'periodic') {
        this.skipped++;
        log('heartbeat (periodic) skipped: the previous one is still in flight');
      } else {
        const had = this.queued?.urgent ?? [];
        this.queued = { reason: this.queued?.reason === 'urgent' || reason === 'urgent' ? 'urgent' : reason, urgent: [...had, ...newlyRaised(had, urgent)] };
      }
      return false;
    }
    this.sending = true;
    try {
      return await this.post(reason, urgent);
    } finally {
      this.sending = false;
      const next = this.queued;
      this.queued = null;
      if (next && !this.stopped) void this.send(next.reason, next.urgent);
    }
  }

  private async post(reason: HeartbeatBody['reason'], urgent: UrgentEvent[]): Promise<boolean> {
    const body = buildHeartbeat({
      kioskId: this.o.kioskId,
      bootId: this.o.bootId,
      now: new Date(),
      reason,
      urgent,
      snapshot: this.o.source.snapshot(),
      versions: this.o.versions,
      queueStuckMs: this.o.queueStuckMs,
    });
    const controller = new AbortController();
    this.inFlight.add(controller);
    try {
      const payload = Buffer.from(JSON.stringify(body));
      const res = await this.http.send('POST', `/v1/kiosks/${encodeURIComponent(this.o.kioskId)}/heartbeat`, {
        headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length },
        body: payload,
        signal: controller.signal,
      });
      if (res.status < 200 || res.status >= 300) {
        log('heartbeat (%s) refused: %d', reason, res.status);
        return false;
      }
      this.sent++;
      log('heartbeat (%s%s) sent', reason, urgent.length ? `: ${urgent.map((u) => `${u.kind}@${u.source}`).join(', ')}` : '');
      return true;
    } catch (e) {
      if (!this.stopped) log('heartbeat (%s) not sent: %s', reason, e instanceof Error ? e.message : String(e));
      return false;
    } finally {
      this.inFlight.delete(controller);
    }
  }

  stop(): void {
    this.stopped = true;
    this.sub?.dispose();
    for (const t of [this.periodic, this.stuckCheck]) if (t) clearInterval(t);
    if (this.urgentTimer) clearTimeout(this.urgentTimer);
    for (const c of this.inFlight) c.abort(new Error('stopped'));
    this.http.close();
  }
}
