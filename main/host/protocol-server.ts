import createDebug from 'debug';
import { ClientMessage, type HostMessage } from '../../contracts/protocol.js';
import { KioskError, isCancellation, toErrorData } from '../../contracts/errors.js';
import type { Host } from './host.js';
import { TokenBucket, UNAUTHENTICATED_RATES } from './rate-limit.js';

const log = createDebug('kiosk:protocol');

/** One peer (a WebSocket or a MessagePort): how to send it a message. */
export interface PeerTransport {
  send(message: HostMessage): void;
}

/** What the protocol server needs of the host (the Host class satisfies it). */
export type ServedHost = Pick<Host, 'call' | 'onDidEmit' | 'info' | 'bootId'>;

/** Per-peer limits; the defaults are far above what the kiosk page ever does. */
export interface PeerLimits {
  /** Requests being served at once for one peer; more are answered `rate-limited` at once (default 32). */
  maxInFlight: number;
  /** Largest message accepted, in characters (default 1 MiB). */
  maxMessageChars: number;
  /** `[perSec, burst]` for methods anyone may call (default {@link UNAUTHENTICATED_RATES}). */
  rates: Readonly<Record<string, readonly [number, number]>>;
}

const DEFAULT_PEER_LIMITS: PeerLimits = { maxInFlight: 32, maxMessageChars: 1 << 20, rates: UNAUTHENTICATED_RATES };

export interface PeerSession {
  /** Feed one raw message from the peer (a JSON string or an already-parsed object). */
  receive(raw: unknown): void;
  /** The peer went away: cancel its requests and stop sending it events. */
  close(): void;
}

/**
 * Serve the host protocol to one peer: validates every message at the boundary, runs requests with
 * cancellation, answers each with exactly one response and forwards host events.
 */
export function servePeer(host: ServedHost, peer: PeerTransport, limitsIn: Partial<PeerLimits> = {}): PeerSession {
  const limits = { ...DEFAULT_PEER_LIMITS, ...limitsIn };
  const buckets = new Map(Object.entries(limits.rates).map(([m, [perSec, burst]]) => [m, new TokenBucket(perSec, burst)]));
  const inFlight = new Map<string, AbortController>();
  let open = true;
  const send = (m: HostMessage) => {
    if (!open) return;
    try {
      peer.send(m);
    } catch (e) {
      log('send failed: %s', e instanceof Error ? e.message : e);
    }
  };
  const sub = host.onDidEmit(({ event, data }) => send({ type: 'event', event, data }));
  send({ type: 'event', event: 'host.hello', data: host.info() });

  const refuse = (id: string, code: 'bad-request' | 'rate-limited', message: string) =>
    send({ type: 'response', id, ok: false, error: toErrorData(new KioskError(code, message, code === 'rate-limited')) });

  function receive(raw: unknown): void {
    if (!open) return;
    let msg: unknown = raw;
    if (typeof raw === 'string') {
      if (raw.length > limits.maxMessageChars) {
        log('dropped a message of %d chars', raw.length);
        return;
      }
      try {
        msg = JSON.parse(raw);
      } catch {
        log('dropped a message that is not JSON (%d chars)', raw.length);
        return;
      }
    }
    const parsed = ClientMessage.safeParse(msg);
    if (!parsed.success) {
      const id = (msg as { id?: unknown } | null)?.id;
      if (typeof id === 'string') {
        send({ type: 'response', id, ok: false, error: toErrorData(new KioskError('bad-request', 'malformed message')) });
      } else log('dropped a malformed message');
      return;
    }
    const m = parsed.data;
    if (m.type === 'cancel') {
      inFlight.get(m.id)?.abort(new KioskError('cancelled', 'cancelled by the renderer'));
      return;
    }
    if (inFlight.has(m.id)) return refuse(m.id, 'bad-request', `request id ${m.id} is already in flight`);
    if (inFlight.size >= limits.maxInFlight) return refuse(m.id, 'rate-limited', `${limits.maxInFlight} requests are already in flight on this connection`);
    if (buckets.get(m.method)?.take() === false) return refuse(m.id, 'rate-limited', `${m.method}: too many requests; try again shortly`);
    const controller = new AbortController();
    inFlight.set(m.id, controller);
    host
      .call(m.method, m.params, controller.signal)
      .then(
        (result) => send({ type: 'response', id: m.id, ok: true, result: result ?? {} }),
        (e: unknown) => {
          if (!isCancellation(e)) log('%s failed: %s', m.method, e instanceof Error ? e.message : e);
          send({ type: 'response', id: m.id, ok: false, error: toErrorData(e) });
        },
      )
      .finally(() => inFlight.delete(m.id));
  }

  function close(): void {
    if (!open) return;
    open = false;
    sub.dispose();
    for (const c of inFlight.values()) c.abort(new KioskError('cancelled', 'the renderer disconnected'));
    inFlight.clear();
  }

  return { receive, close };
}
