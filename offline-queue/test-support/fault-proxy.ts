import { createServer, request, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import createDebug from 'debug';

const debug = createDebug('kiosk:fault-proxy');

/**
 * The faults a real back end shows under load, injected in front of a real back
 * end (the demo back end, or the scripted test server) on a free 127.0.0.1 port:
 * - `500`: answered by the proxy, nothing reaches the back end;
 * - `503-retry-after`: `503` with `Retry-After: {retryAfterSec}`, nothing reaches the back end;
 * - `503`: `503` without `Retry-After`;
 * - `lost-answer`: forwarded, the back end stores it and answers, and the proxy then destroys the
 *   kiosk's socket, so the kiosk never learns it was stored (the idempotency key must make the retry
 *   answer 200, not store twice).
 */
export type FaultKind = '500' | '503-retry-after' | '503' | 'lost-answer';

export interface FaultProxyOptions {
  /** Back-end base URL the healthy requests go to. */
  target: string;
  /** Share of `POST /v1/submissions` requests that fail, 0…1; 1 is a dead back end. */
  faultRate: number;
  /** Faults drawn uniformly from this list; default the three of the issue. */
  faults?: readonly FaultKind[];
  /** `Retry-After` of `503-retry-after`, in seconds; default 1. */
  retryAfterSec?: number;
  /** Seed of the fault draw, so a run can be repeated; default 1. */
  seed?: number;
  /** Also fail `GET /v1/health` at `faultRate` (as plain 503); default false. */
  failHealth?: boolean;
}

export interface ProxiedRequest {
  /** Arrival at the proxy, `performance.now()` ms. */
  at: number;
  id: string | undefined;
  fault: FaultKind | undefined;
  /** What the kiosk got back (0 for a destroyed socket). */
  status: number;
}

export interface FaultProxy {
  url: string;
  /** Every `POST /v1/submissions`, in arrival order. */
  readonly requests: ProxiedRequest[];
  /** Change the fault rate of later requests (e.g. a back end that dies or recovers mid-run). */
  setFaultRate(rate: number): void;
  close(): Promise<void>;
}

const DEFAULT_FAULTS: readonly FaultKind[] = ['500', '503-retry-after', 'lost-answer'];
const MAX_BODY = 8 * 1024 * 1024;

/** mulberry32: a small seeded PRNG, so a bench run's faults can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const faults = options.faults ?? DEFAULT_FAULTS;
  const retryAfter = String(options.retryAfterSec ?? 1);
  const random = seededRandom(options.seed ?? 1);
  let rate = options.faultRate;
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });

  const draw = (): FaultKind | undefined => (random() < rate ? faults[Math.floor(random() * faults.length)] : undefined);

  const answer = (res: ServerResponse, status: number, headers: Record<string, string> = {}) => {
    const text = JSON.stringify({ error: { code: status === 500 ? 'injected-500' : 'injected-503' } });
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  /** Forward to the back end; `lose` destroys the kiosk's socket once the back end has answered. */
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, lose: boolean, log?: ProxiedRequest) => {
    const url = new URL(req.url ?? '/', target);
    const headers = { ...req.headers, host: target.host };
    const up = request(url, { method: req.method, headers, agent }, (upRes) => {
      const chunks: Buffer[] = [];
      upRes.on('data', (c: Buffer) => chunks.push(c));
      upRes.on('error', (e) => {
        debug('back end answer failed: %s', e.message);
        res.destroy();
      });
      upRes.on('end', () => {
        if (lose) {
          // Stored on the back end; the answer never reaches the kiosk.
          req.socket.destroy();
          return;
        }
        if (log) log.status = upRes.statusCode ?? 0;
        const h = { ...upRes.headers };
        delete h['transfer-encoding'];
        delete h.connection;
        res.writeHead(upRes.statusCode ?? 502, h);
        res.end(Buffer.concat(chunks));
      });
    });
    up.on('error', (e) => {
      debug('back end unreachable: %s', e.message);
      if (log) log.status = 502;
      if (!res.headersSent) answer(res, 502);
      else res.destroy();
    });
    up.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const isSubmit = req.method === 'POST' && req.url?.split('?')[0]?.endsWith('/v1/submissions');
    const isHealth = req.method === 'GET' && req.url?.split('?')[0]?.endsWith('/v1/health');
    if (isHealth && options.failHealth && random() < rate) return answer(res, 503);
    if (!isSubmit) return forward(req, res, body, false);
    const key = req.headers['idempotency-key'];
    const fault = draw();
    const log: ProxiedRequest = { at: performance.now(), id: typeof key === 'string' ? key : undefined, fault, status: 0 };
    requests.push(log);
    switch (fault) {
      case undefined:
        return forward(req, res, body, false, log);
      case 'lost-answer':
        return forward(req, res, body, true);
      case '500':
        log.status = 500;
        return answer(res, 500);
      case '503':
        log.status = 503;
        return answer(res, 503);
      case '503-retry-after':
        log.status = 503;
        return answer(res, 503, { 'Retry-After': retryAfter });
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.socket.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
    req.on('error', (e) => debug('request failed: %s', e.message));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFaultRate(r) {
      rate = r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
