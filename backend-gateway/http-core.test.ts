import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createBackendHttp } from './http-core.js';

describe('backend http core', () => {
  let server: http.Server;
  let url = '';
  const seen: { auth?: string; type?: string; body: string }[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, type: req.headers['content-type'], body });
        const u = new URL(req.url ?? '/', 'http://x');
        assert.ok(u.pathname.startsWith('/prefix/'), u.pathname);
        const path = u.pathname.slice('/prefix'.length);
        const status = Number(u.searchParams.get('status') ?? 200);
        if (path === '/hang') return; // never answers
        if (path === '/text') return res.writeHead(status).end('<html>oops</html>');
        if (path === '/big') return res.writeHead(200).end(Buffer.alloc(10_000, 0x61));
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(status < 300 ? { ok: true, echo: body ? JSON.parse(body) : null } : { error: { code: 'nope', message: 'refused' } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prefix/`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('sends the bearer token and JSON, keeps the path prefix, parses the answer', async () => {
    const c = createBackendHttp({ url, token: 't0k' });
    const r = await c.json<{ ok: boolean; echo: unknown }>('POST', '/v1/x', { a: 1 });
    assert.deepEqual(r, { status: 200, body: { ok: true, echo: { a: 1 } } });
    assert.equal(seen.at(-1)?.auth, 'Bearer t0k');
    assert.equal(seen.at(-1)?.type, 'application/json');
    c.close();
  });

  it('maps statuses to codes once for every client; a route may give a status its own meaning', async () => {
    const c = createBackendHttp({ url, token: 't', name: 'registry' });
    const code = (status: number, codeFor?: Record<number, 'bad-request'>) =>
      c.json('GET', `/s?status=${status}`, undefined, { codeFor }).then(
        () => assert.fail('resolved'),
        (e: { code: string; retryable: boolean; message: string }) => e,
      );
    assert.deepEqual(await code(404).then((e) => [e.code, e.retryable]), ['not-found', false]);
    assert.deepEqual(await code(401).then((e) => [e.code, e.retryable]), ['forbidden', false]);
    assert.deepEqual(await code(403).then((e) => [e.code, e.retryable]), ['forbidden', false]);
    assert.deepEqual(await code(400).then((e) => [e.code, e.retryable]), ['backend-error', false]);
    assert.deepEqual(await code(429).then((e) => [e.code, e.retryable]), ['backend-error', true]);
    assert.deepEqual(await code(503).then((e) => [e.code, e.retryable]), ['backend-error', true]);
    assert.equal((await code(400, { 400: 'bad-request' })).code, 'bad-request');
    assert.equal((await code(404)).message, 'registry answered 404 nope: refused');
    c.close();
  });

  it('an answer that is not JSON is a back-end error, retryable only for 5xx', async () => {
    const c = createBackendHttp({ url, token: 't' });
    await assert.rejects(c.json('GET', '/text?status=200'), { code: 'backend-error', retryable: false });
    await assert.rejects(c.json('GET', '/text?status=502'), { code: 'backend-error', retryable: true });
    c.close();
  });

  it('times out, cancels, and reports an unreachable back end as retryable', async () => {
    const c = createBackendHttp({ url, token: 't', timeoutMs: 300 });
    await assert.rejects(c.send('GET', '/hang'), { code: 'timeout', retryable: true });
    const ac = new AbortController();
    const p = c.send('GET', '/hang', { signal: ac.signal, timeoutMs: 5000 });
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(p, { code: 'cancelled', retryable: false });
    c.close();
    const dead = createBackendHttp({ url: 'http://127.0.0.1:9', token: 't', timeoutMs: 3000 });
    await assert.rejects(dead.send('GET', '/v1/health'), { code: 'backend-error', retryable: true });
    dead.close();
  });

  it('keeps at most maxAnswerBytes of an answer', async () => {
    const c = createBackendHttp({ url, token: 't', maxAnswerBytes: 1000 });
    const r = await c.send('GET', '/big');
    assert.equal(r.status, 200);
    assert.equal(r.body.length, 1000);
    c.close();
  });

  it('refuses a URL that is not http(s)', () => {
    assert.throws(() => createBackendHttp({ url: 'ftp://x', token: 't' }), { code: 'bad-request' });
  });
});
