import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import createDebug from 'debug';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Host } from './host.js';
import { servePeer } from './protocol-server.js';
import { serveStatic } from './static-files.js';

const log = createDebug('kiosk:browser-host');

export interface BrowserHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serve the built renderer and the host protocol (WebSocket at `/ws`) on 127.0.0.1 only
 * (contracts.md §2). Any Chromium in --kiosk/--app mode can show it.
 */
export async function startBrowserHost(host: Host, opts: { port: number; rendererDir: string }): Promise<BrowserHost> {
  let origin = 'http://127.0.0.1';
  const server: Server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true, bootId: host.bootId }));
      return;
    }
    serveStatic(opts.rendererDir, req, res, origin);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    // Only our own page may open the socket: reject other origins (DNS rebinding, other sites).
    const reqOrigin = req.headers.origin;
    if (new URL(req.url ?? '/', origin).pathname !== '/ws' || (reqOrigin !== undefined && reqOrigin !== origin)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const peer = servePeer(host, { send: (m) => ws.send(JSON.stringify(m)) });
      ws.on('message', (data, isBinary) => {
        if (isBinary) return log('dropped a binary frame');
        peer.receive(data.toString('utf8'));
      });
      ws.on('close', () => {
        sockets.delete(ws);
        peer.close();
      });
      ws.on('error', (e) => log('socket error: %s', e.message));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/`,
    port,
    close: async () => {
      for (const ws of sockets) ws.close(1001, 'host shutting down');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
