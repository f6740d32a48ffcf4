import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isFromPreload, openChannel } from './transport.js';

test('a kiosk-host-port message counts only when our own preload posted it: same window, same origin', () => {
  const win = { location: { origin: 'app://kiosk' } };
  const frame = { location: { origin: 'app://kiosk' } };
  assert.equal(isFromPreload({ source: win, origin: 'app://kiosk' }, win), true);
  assert.equal(isFromPreload({ source: frame, origin: 'app://kiosk' }, win), false, 'an embedded frame');
  assert.equal(isFromPreload({ source: win, origin: 'https://evil.example' }, win), false, 'another origin');
  assert.equal(isFromPreload({ source: null, origin: 'app://kiosk' }, win), false, 'no source');
});

/**
 * A frozen host (SIGSTOP): the kernel still accepts connections, nothing answers. The page must hear
 * "closed" within its deadline at every step, not after the browser's own minute-long limits.
 */
test('a host that accepts but never answers is reported closed within the timeout: at the ticket, and at the socket handshake', async () => {
  const { createServer } = await import('node:http');
  const { WebSocket } = await import('ws');
  const held: import('node:net').Socket[] = [];
  // /host-ticket is answered only when `ticketOk`; the socket upgrade never is.
  let ticketOk = false;
  const server = createServer((req, res) => {
    if (ticketOk && req.url === '/host-ticket') res.end('ok');
    else held.push(req.socket);
  });
  server.on('upgrade', (_req, socket) => held.push(socket as import('node:net').Socket));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const g = globalThis as Record<string, unknown>;
  const saved = { window: g.window, WebSocket: g.WebSocket };
  g.window = { location: { href: `http://127.0.0.1:${port}/` }, setTimeout, clearTimeout };
  g.WebSocket = WebSocket;
  const closedWithin = async (timeoutMs: number): Promise<number> => {
    const t0 = Date.now();
    let opened = false;
    await new Promise<void>((resolve) => openChannel({ onOpen: () => (opened = true), onMessage: () => undefined, onClose: resolve }, { timeoutMs }));
    assert.equal(opened, false);
    return Date.now() - t0;
  };
  try {
    const atTicket = await closedWithin(300);
    assert.ok(atTicket >= 250 && atTicket < 3000, `ticket: closed after ${atTicket} ms`);
    ticketOk = true;
    const atSocket = await closedWithin(300);
    assert.ok(atSocket >= 250 && atSocket < 3000, `socket: closed after ${atSocket} ms`);
  } finally {
    g.window = saved.window;
    g.WebSocket = saved.WebSocket;
    for (const s of held) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
