import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { KioskConfig } from '../../contracts/config.js';
import { defaultKeyFilePath } from '../../offline-queue/index.js';
import { startBrowserHost, type BrowserHost } from './browser-host.js';
import { Host } from './host.js';

/** Raw bytes to the server and whatever comes back until it closes (or 3 s pass). */
function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(request));
    let out = '';
    s.on('data', (d) => (out += d.toString('latin1')));
    s.on('error', reject);
    s.on('close', () => resolve(out));
    setTimeout(() => s.destroy(), 3000);
  });
}

const statusOf = (reply: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0);

interface Reply {
  type: string;
  id?: string;
  ok?: boolean;
  error?: { code: string; retryable: boolean };
}

describe('browser host under hostile clients (a real Host on simulated devices)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bhost-'));
  const rendererDir = join(dir, 'renderer');
  let host: Host;
  let web: BrowserHost;
  let origin: string;
  let cookie: string;

  const upgrade = (headers: Record<string, string>, path = '/ws') =>
    rawHttp(web.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);

  const open = async (): Promise<WebSocket> => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws`, { headers: { Origin: origin, Cookie: cookie } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return ws;
  };

  /** Send requests and collect their answers by id. */
  const answers = (ws: WebSocket, ids: string[]) =>
    new Promise<Map<string, Reply>>((resolve) => {
      const got = new Map<string, Reply>();
      ws.on('message', (d: Buffer) => {
        const m = JSON.parse(d.toString()) as Reply;
        if (m.type === 'response' && m.id && ids.includes(m.id)) got.set(m.id, m);
        if (got.size === ids.length) resolve(got);
      });
    });

  before(async () => {
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>');
    host = await Host.create(KioskConfig.parse({ dataDir: join(dir, 'data') }));
    await host.queue.worker.stop();
    web = await startBrowserHost(host, { port: 0, rendererDir });
    origin = web.url.replace(/\/$/, '');
    const ticket = await fetch(`${origin}/host-ticket`);
    assert.equal(ticket.status, 204);
    cookie = ticket.headers.get('set-cookie')!.split(';')[0]!;
  });
  after(async () => {
    await web.close();
    await host.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(defaultKeyFilePath(join(dir, 'data')), { force: true });
  });

  it('malformed request targets answer 400 and the host keeps serving (HTTP and upgrade alike)', async () => {
    assert.equal((await fetch(`${origin}/%E0%A4%A`)).status, 400);
    assert.equal(statusOf(await rawHttp(web.port, `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\n\r\n`)), 400);
    assert.equal(statusOf(await rawHttp(web.port, `GET /%ZZ/%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\n\r\n`)), 400);
    assert.equal(statusOf(await upgrade({ Origin: origin, Cookie: cookie }, '/ws%E0%A4%A')), 400);
    assert.equal(statusOf(await upgrade({ Origin: origin, Cookie: cookie }, 'http://[')), 400);
    assert.equal(statusOf(await rawHttp(web.port, 'NOT HTTP AT ALL\r\n\r\n')), 400);
    assert.equal(statusOf(await rawHttp(web.port, `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\n\r\n`)), 400);
    const health = await fetch(`${origin}/healthz`);
    assert.equal(health.status, 200, 'still up');
    assert.equal(((await health.json()) as { bootId: string }).bootId, host.bootId);
  });

  it('only our page opens the socket: no Origin, a foreign Origin or Host, or no boot secret is refused', async () => {
    assert.equal(statusOf(await upgrade({})), 403, 'no Origin (any local process)');
    assert.equal(statusOf(await upgrade({ Cookie: cookie })), 403, 'the secret without an Origin');
    assert.equal(statusOf(await upgrade({ Origin: 'http://evil.example', Cookie: cookie })), 403, 'another site');
    assert.equal(statusOf(await upgrade({ Origin: origin })), 403, 'right Origin, no boot secret');
    assert.equal(statusOf(await upgrade({ Origin: origin, Cookie: `${cookie.split('=')[0]}=${'A'.repeat(43)}` })), 403, 'a guessed secret');
    assert.equal(statusOf(await upgrade({ Origin: origin, Cookie: cookie }, '/elsewhere')), 404);
    // DNS rebinding: a page on another name reaches 127.0.0.1 but may read nothing, least of all the secret.
    const rebound = await rawHttp(web.port, `GET / HTTP/1.1\r\nHost: evil.example:${web.port}\r\n\r\n`);
    assert.equal(statusOf(rebound), 421);
    assert.ok(!/set-cookie/i.test(rebound));
    // Our page: index.html hands over the secret, and the socket opens with it.
    const page = await fetch(`${origin}/`);
    assert.match(page.headers.get('set-cookie') ?? '', /^kiosk-host-\d+=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const ws = await open();
    ws.close();
  });

  it('a client that never reads its answers is closed before it costs the host memory', async () => {
    const ws = await open();
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    // Stop reading: the answers pile up in the host's socket buffer.
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 20_000; i++) ws.send(JSON.stringify({ type: 'request', id: `f${i}`, method: 'services.list', params: {} }));
    const deadline = Date.now() + 30_000;
    while (web.openSockets() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(web.openSockets(), 0, 'the host closed the socket of the client that does not read');
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await closed;
    const grown = process.memoryUsage().rss - before;
    assert.ok(grown < 300 * 1024 * 1024, `rss grew by ${Math.round(grown / 1048576)} MiB`);
    // And the host still serves everyone else.
    const other = await open();
    const got = answers(other, ['p1']);
    other.send(JSON.stringify({ type: 'request', id: 'p1', method: 'host.ping', params: { seq: 1 } }));
    assert.equal((await got).get('p1')!.ok, true);
    other.close();
  });

  it('methods that need no token are rate-limited per connection; pings still answer', async () => {
    const ws = await open();
    const ids = Array.from({ length: 50 }, (_, i) => `s${i}`);
    const enters = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'];
    const got = answers(ws, [...ids, 'ping', ...enters]);
    for (const id of ids) ws.send(JSON.stringify({ type: 'request', id, method: 'diag.status', params: {} }));
    ws.send(JSON.stringify({ type: 'request', id: 'ping', method: 'host.ping', params: { seq: 1 } }));
    for (const id of enters) ws.send(JSON.stringify({ type: 'request', id, method: 'diag.enter', params: { pin: '123456' } }));
    const all = await got;
    const statusCodes = ids.map((id) => (all.get(id)!.ok ? 'ok' : all.get(id)!.error!.code));
    assert.equal(statusCodes.filter((c) => c === 'ok').length, 10, 'the burst of ten is served');
    assert.ok(statusCodes.slice(10).every((c) => c === 'rate-limited'));
    assert.equal(all.get('s49')!.error!.retryable, true);
    assert.equal(all.get('ping')!.ok, true, 'liveness is never rate-limited');
    const enterCodes = enters.map((id) => all.get(id)!.error!.code);
    assert.deepEqual(enterCodes, ['forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'rate-limited', 'rate-limited']);
    ws.close();
  });

  it('the number of open sockets is capped', async () => {
    const sockets: WebSocket[] = [];
    for (let i = 0; i < 16; i++) sockets.push(await open());
    await assert.rejects(open(), /503/);
    for (const s of sockets) s.close();
  });
});
