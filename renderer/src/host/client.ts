import type { KioskErrorData } from '../../../contracts/errors.js';
import type { EventName, EventOf, HostInfo, MethodName, ParamsOf, ResultOf } from '../../../contracts/protocol.js';
import type { ScanSource } from '../devices/wedge-scans.js';
import { HostError } from './host-error.js';
import { openChannel, type HostChannel } from './transport.js';

export { HostError };

export type ConnectionState = 'connecting' | 'open' | 'closed';

interface Pending {
  resolve(v: unknown): void;
  reject(e: HostError): void;
}

/**
 * The renderer's one way to the host: typed requests with ids, cancellation through AbortSignal,
 * pushed events, and reconnection with back-off when the host restarts.
 */
export class HostClient {
  private channel: HostChannel | null = null;
  private state: ConnectionState = 'closed';
  private seq = 0;
  private readonly pending = new Map<string, Pending>();
  private readonly eventListeners = new Map<string, Set<(data: unknown) => void>>();
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();
  private retryMs = 250;
  private stopped = false;
  info: HostInfo | null = null;
  /** Liveness: pings while open; unanswered pings mean a hung host even if the socket looks fine. */
  private pingTimer: number | null = null;
  private pingSeq = 0;
  private pongSeq = 0;
  /** Since when the host has been unreachable (null while open), and whether recovery is taken as failed. */
  private unreachableSince: number | null = Date.now();
  private failedTimer: number | null = null;
  private failed = false;
  private readonly failedListeners = new Set<(failed: boolean) => void>();
  /** Where scans come from when the scanner is a keyboard wedge (devices/wedge-scans.ts): read in the renderer, not by the host. */
  private scanSource: ScanSource | null = null;

  /** Serve `scanner.scan` (and the scan of `identity.scan`) from this source while the host says the scanner is a keyboard wedge. */
  setScanSource(source: ScanSource | null): void {
    this.scanSource = source;
  }

  start(): void {
    this.stopped = false;
    this.armFailedTimer();
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.stopPing();
    this.clearHelloTimer();
    if (this.failedTimer !== null) window.clearTimeout(this.failedTimer);
    this.channel?.close();
  }

  /**
   * True when the host has been unreachable longer than `recovery.outOfServiceAfterSec` (from the
   * last host.hello; 60 s before the first): the out-of-service screen shows the maintainer's phone.
   * Reconnection keeps trying; the flag clears when the host is back.
   */
  recoveryFailed(): boolean {
    return this.failed;
  }

  onRecoveryFailed(l: (failed: boolean) => void): () => void {
    this.failedListeners.add(l);
    return () => this.failedListeners.delete(l);
  }

  private setFailed(f: boolean): void {
    if (this.failed === f) return;
    this.failed = f;
    for (const l of this.failedListeners) l(f);
  }

  private armFailedTimer(): void {
    if (this.failedTimer !== null || this.stopped) return;
    const afterMs = (this.info?.recovery?.outOfServiceAfterSec ?? 60) * 1000;
    const since = this.unreachableSince ?? Date.now();
    this.failedTimer = window.setTimeout(() => {
      this.failedTimer = null;
      if (this.state !== 'open') this.setFailed(true);
    }, Math.max(0, since + afterMs - Date.now()));
  }

  /** Ping the host every `recovery.pingIntervalMs`; two unanswered in a row → drop the channel and reconnect. */
  private startPing(): void {
    this.stopPing();
    const every = this.info?.recovery?.pingIntervalMs ?? 5000;
    this.pingSeq = this.pongSeq = 0;
    this.pingTimer = window.setInterval(() => {
      if (this.pingSeq - this.pongSeq >= 2) {
        console.warn(`kiosk host did not answer ${this.pingSeq - this.pongSeq} pings: reconnecting`);
        this.dropChannel();
        return;
      }
      const seq = ++this.pingSeq;
      this.send('host.ping', { seq }, {}).then(
        () => (this.pongSeq = Math.max(this.pongSeq, seq)),
        // The channel going away is handled by lost(); a refused ping simply counts as unanswered.
        (e: unknown) => console.warn('host.ping failed', e),
      );
    }, every);
  }

  private stopPing(): void {
    if (this.pingTimer !== null) window.clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  /** Treat the current channel as dead (a hung host): close it and go through the normal reconnect. */
  private dropChannel(): void {
    const ch = this.channel;
    if (!ch) return;
    this.channel = null;
    ch.close();
    this.lost();
  }

  connectionState(): ConnectionState {
    return this.state;
  }

  onConnectionState(l: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(l);
    return () => this.stateListeners.delete(l);
  }

  on<E extends EventName>(event: E, l: (data: EventOf<E>) => void): () => void {
    let set = this.eventListeners.get(event);
    if (!set) this.eventListeners.set(event, (set = new Set()));
    const fn = l as (d: unknown) => void;
    set.add(fn);
    return () => set.delete(fn);
  }

  call<M extends MethodName>(method: M, params: ParamsOf<M>, opts: { signal?: AbortSignal } = {}): Promise<ResultOf<M>> {
    // A keyboard-wedge scanner is read in the renderer, not by the host: scans are served from the detector.
    if (this.info?.scannerWedge && this.scanSource && (method === 'scanner.scan' || method === 'identity.scan')) {
      const timeoutMs = (params as ParamsOf<'scanner.scan'>).timeoutMs;
      const scanned = this.scanSource.next(timeoutMs, opts.signal);
      if (method === 'scanner.scan') return scanned as Promise<ResultOf<M>>;
      return scanned.then((s) => this.send('identity.scan', { timeoutMs, code: s.data }, opts)) as Promise<ResultOf<M>>;
    }
    return this.send(method, params, opts);
  }

  /** Send one request to the host and wait for its response. */
  private send<M extends MethodName>(method: M, params: ParamsOf<M>, opts: { signal?: AbortSignal }): Promise<ResultOf<M>> {
    return new Promise<ResultOf<M>>((resolve, reject) => {
      if (this.state !== 'open' || !this.channel) {
        reject(new HostError({ code: 'not-available', message: 'not connected to the kiosk host', retryable: true }));
        return;
      }
      if (opts.signal?.aborted) {
        reject(new HostError({ code: 'cancelled', message: 'cancelled', retryable: false }));
        return;
      }
      const id = `r${++this.seq}`;
      const channel = this.channel;
      const onAbort = () => channel.send(JSON.stringify({ type: 'cancel', id }));
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (v) => {
          opts.signal?.removeEventListener('abort', onAbort);
          resolve(v as ResultOf<M>);
        },
        reject: (e) => {
          opts.signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      });
      channel.send(JSON.stringify({ type: 'request', id, method, params }));
    });
  }

  private setState(s: ConnectionState): void {
    this.state = s;
    for (const l of this.stateListeners) l(s);
  }

  /**
   * How long one connection attempt may take at each step (ticket, socket, the host's hello): two
   * ping intervals once the host has told us its recovery settings, 10 s before it has.
   */
  private connectTimeoutMs(): number {
    const ping = this.info?.recovery?.pingIntervalMs;
    return ping ? Math.max(2000, 2 * ping) : 10_000;
  }

  private helloTimer: number | null = null;

  private clearHelloTimer(): void {
    if (this.helloTimer !== null) window.clearTimeout(this.helloTimer);
    this.helloTimer = null;
  }

  private connect(): void {
    this.setState('connecting');
    // Events from a channel we already gave up on (a hung host's late close) are ignored.
    const token = {};
    const current = () => this.channelToken === token;
    this.channelToken = token;
    const timeoutMs = this.connectTimeoutMs();
    this.channel = openChannel(
      {
        onOpen: () => {
          if (!current()) return;
          this.retryMs = 250;
          // Open is not ready: the connection is usable once the host says hello, and a host that
          // accepted the socket then froze never will.
          this.clearHelloTimer();
          this.helloTimer = window.setTimeout(() => {
            this.helloTimer = null;
            if (!current() || this.state === 'open') return;
            console.warn(`kiosk host sent no hello within ${timeoutMs} ms: reconnecting`);
            this.dropChannel();
          }, timeoutMs);
        },
        onMessage: (text) => {
          if (current()) this.receive(text);
        },
        onClose: () => {
          if (current()) this.lost();
        },
      },
      { timeoutMs },
    );
  }

  private channelToken: object | null = null;

  private lost(): void {
    this.clearHelloTimer();
    this.channelToken = null;
    this.channel = null;
    this.stopPing();
    if (this.unreachableSince === null) this.unreachableSince = Date.now();
    this.armFailedTimer();
    for (const p of this.pending.values()) p.reject(new HostError({ code: 'not-available', message: 'connection to the kiosk host lost', retryable: true }));
    this.pending.clear();
    this.setState('closed');
    if (this.stopped) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 4000);
    setTimeout(() => {
      if (!this.stopped) this.connect();
    }, wait);
  }

  private receive(text: string): void {
    let msg: { type?: string; id?: string; ok?: boolean; result?: unknown; error?: KioskErrorData; event?: string; data?: unknown };
    try {
      msg = JSON.parse(text);
    } catch (e) {
      console.error('host sent a message that is not JSON', e);
      return;
    }
    if (msg.type === 'response' && msg.id) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new HostError(msg.error ?? { code: 'internal', message: 'malformed error', retryable: false }));
      return;
    }
    if (msg.type === 'event' && msg.event) {
      if (msg.event === 'host.hello') {
        // The connection is usable once the host introduced itself.
        this.info = msg.data as HostInfo;
        this.clearHelloTimer();
        this.unreachableSince = null;
        if (this.failedTimer !== null) window.clearTimeout(this.failedTimer);
        this.failedTimer = null;
        this.setFailed(false);
        this.setState('open');
        this.startPing();
      } else if (msg.event === 'kiosk.info') {
        // New info on a working connection (an out-of-service notice, a remote config): no handshake.
        this.info = msg.data as HostInfo;
      }
      for (const l of this.eventListeners.get(msg.event) ?? []) l(msg.data);
    }
  }
}
