import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import createDebug from 'debug';
import { WebSocketServer, type WebSocket } from 'ws';
import { servePeer, type ServedHost } from './protocol-server.js';
import { admitUpgrade, bootCookie, isOwnHost, newBootSecret, requestPath } from './request-guard.js';
import { serveStatic } from './static-files.js';

const log = createDebug('kiosk:browser-host');

export interface BrowserHost {
  url: string;
  port: number;
  /** Protocol sockets open now. */
  openSockets(): number;
  close(): Promise<void>;
}

/** Limits of the browser host; the defaults suit one kiosk page and a technician's tools. */
export interface BrowserHostLimits {
  /** Open sockets at once; more are refused with 503 (default 16: a page, its reloads, kiosk-diag). */
  maxSockets: number;
  /** A socket whose unsent answers exceed this many bytes is not reading: it is closed (default 4 MiB). */
  maxBufferedBytes: number;
  /** Largest message a peer may send, bytes (default 1 MiB). */
  maxPayload: number;
}

const DEFAULT_LIMITS: BrowserHostLimits = { maxSockets: 16, maxBufferedBytes: 4 << 20, maxPayload: 1 << 20 };

/** The path at which the page (re)collects its boot-secret cookie before each connection attempt. */
export const TICKET_PATH = '/host-ticket';

/** Where the host listens once bound (0 until then); requests and upgrades are checked against it. */
interface Bound {
  port: number;
  origin: string;
}

/** The HTTP side: health, the boot-secret ticket and the built renderer; nothing a request carries ends the process. */
function createHttpServer(host: ServedHost, rendererDir: string, secret: string, bound: Bound): Server {
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const path = requestPath(req.url);
    if (path === null) return refuse(res, 400, 'malformed request target');
    // A page reached through DNS rebinding names another host: it gets nothing, least of all the secret.
    if (!isOwnHost(req.headers.host, bound.port)) return refuse(res, 421, 'not this host');
    if (path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true, bootId: host.bootId }));
      return;
    }
    const cookie = bootCookie(bound.port, secret);
    if (path === TICKET_PATH) {
      res.writeHead(204, { 'Set-Cookie': cookie, 'Cache-Control': 'no-store' }).end();
      return;
    }
    serveStatic(rendererDir, path, req, res, bound.origin, { 'Set-Cookie': cookie });
  };
  const server: Server = createServer((req, res) => {
    try {
      onRequest(req, res);
    } catch (e) {
      // Nothing a request carries may end the process: answer 500 and keep serving.
      log('request failed: %s', e instanceof Error ? e.message : e);
      if (!res.headersSent) refuse(res, 500, 'internal error');
      else res.destroy();
    }
  });
  // Bytes that are not HTTP at all: answer 400 on the raw socket (Node's default closes it silently).
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    log('client error: %s', err.code ?? err.message);
    if (socket.writable && err.code !== 'ECONNRESET') socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}

/** One admitted socket served as a protocol peer; one that does not read its answers is closed. */
function attachPeer(host: ServedHost, ws: WebSocket, sockets: Set<WebSocket>, limits: BrowserHostLimits): void {
  sockets.add(ws);
  const peer = servePeer(host, {
    send: (m) => {
      // A peer that does not read its answers would make us hold them all: close it instead.
      if (ws.bufferedAmount > limits.maxBufferedBytes) {
        log('closing a socket that is not reading (%d bytes unsent)', ws.bufferedAmount);
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(m));
    },
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary) return log('dropped a binary frame');
    peer.receive(data.toString('utf8'));
  });
  ws.on('close', () => {
    sockets.delete(ws);
    peer.close();
  });
  ws.on('error', (e) => log('socket error: %s', e.message));
}

/** Upgrades to `/ws`: only the page this host served (origin, host, boot secret), at most `maxSockets` at once. */
function acceptSockets(host: ServedHost, server: Server, secret: string, bound: Bound, limits: BrowserHostLimits) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayload });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', (e) => log('upgrade socket error: %s', e.message));
    try {
      const verdict = admitUpgrade(req.url, req.headers, bound.port, secret);
      if (!verdict.ok) {
        log('refused a socket: %s', verdict.reason);
        return rawRefuse(socket, verdict.status);
      }
      if (sockets.size >= limits.maxSockets) {
        log('refused a socket: %d already open', sockets.size);
        return rawRefuse(socket, 503);
      }
      wss.handleUpgrade(req, socket, head, (ws) => attachPeer(host, ws, sockets, limits));
    } catch (e) {
      log('upgrade failed: %s', e instanceof Error ? e.message : e);
      rawRefuse(socket, 400);
    }
  });
  return { wss, sockets };
}

/**
 * Serve the built renderer and the host protocol (WebSocket at `/ws`) on 127.0.0.1 only
 * (docs/protocol.md §2). Any Chromium in --kiosk/--app mode can show it. Only the page this host served
 * may open the socket: its Origin, its Host and the per-boot secret it got as a cookie are checked.
 */
export async function startBrowserHost(host: ServedHost, opts: { port: number; rendererDir: string; limits?: Partial<BrowserHostLimits> }): Promise<BrowserHost> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const secret = newBootSecret();
  const bound: Bound = { port: 0, origin: 'http://127.0.0.1' };
  const server = createHttpServer(host, opts.rendererDir, secret, bound);
  const { wss, sockets } = acceptSockets(host, server, secret, bound, limits);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (e) => log('server error: %s', e.message));
  bound.port = (server.address() as AddressInfo).port;
  bound.origin = `http://127.0.0.1:${bound.port}`;
  const port = bound.port;

  return {
    url: `${bound.origin}/`,
    port,
    openSockets: () => sockets.size,
    close: async () => {
      for (const ws of sockets) ws.close(1001, 'host shutting down');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end(`${text}\n`);
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' };

function rawRefuse(socket: Socket, status: number): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}
