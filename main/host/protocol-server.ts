import createDebug from 'debug';
import { ClientMessage, type HostMessage } from '../../contracts/protocol.js';
import { KioskError, isCancellation, toErrorData } from '../../contracts/errors.js';
import type { Host } from './host.js';

const log = createDebug('kiosk:protocol');

/** One peer (a WebSocket or a MessagePort): how to send it a message. */
export interface PeerTransport {
  send(message: HostMessage): void;
}

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
export function servePeer(host: Host, peer: PeerTransport): PeerSession {
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

  function receive(raw: unknown): void {
    let msg: unknown = raw;
    if (typeof raw === 'string') {
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
    if (inFlight.has(m.id)) {
      send({ type: 'response', id: m.id, ok: false, error: toErrorData(new KioskError('bad-request', `request id ${m.id} is already in flight`)) });
      return;
    }
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
