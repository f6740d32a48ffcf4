import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BackendClient } from '../host/backend-client.js';
import { startDemoBackend, type DemoBackend } from './server.js';
import { registerServiceRoutes } from './service-routes.js';
import { WANG, SMITH } from './service-demo-data.js';

describe('demo back end: citizen-service routes through the host back-end client', () => {
  const dir = mkdtempSync(join(tmpdir(), 'service-routes-'));
  let backend: DemoBackend;
  let client: BackendClient;
  before(async () => {
    backend = await startDemoBackend({ dataDir: dir, token: 't0ken', routes: [registerServiceRoutes] });
    client = new BackendClient({ url: backend.url, token: 't0ken', timeoutMs: 5000 });
  });
  after(async () => {
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a lookup for a demo card, 404 not-found for a person without records', async () => {
    const r = await client.post<{ summary: Record<string, unknown>; rows: unknown[] }>('/v1/lookups/social-insurance-records', { idNumber: WANG, params: {} });
    assert.equal(r.status, 200);
    assert.equal(r.body.rows.length, 12);
    await assert.rejects(client.post('/v1/lookups/social-insurance-records', { idNumber: SMITH, params: {} }), { code: 'not-found' });
    await assert.rejects(client.post('/v1/lookups/no-such-query', { idNumber: WANG }), { code: 'not-found' });
  });

  it('resolves an e-government QR code to its card and refuses other codes', async () => {
    const r = await client.post<{ card: { idNumber: string } }>('/v1/identity/qr', { code: 'https://zwfw.example.gov.cn/qr/3205-0002' });
    assert.equal(r.body.card.idNumber, WANG);
    await assert.rejects(client.post('/v1/identity/qr', { code: '91320508MA1MXK2C87' }), { code: 'not-found' });
  });

  it('numbers queue tickets in sequence per queue', async () => {
    const a = await client.post<{ number: string }>('/v1/queue-tickets', { queue: 'housing-fund' });
    const b = await client.post<{ number: string }>('/v1/queue-tickets', { queue: 'housing-fund' });
    assert.match(a.body.number, /^B\d{3}$/);
    assert.equal(Number(b.body.number.slice(1)), Number(a.body.number.slice(1)) + 1);
    await assert.rejects(client.post('/v1/queue-tickets', { queue: 'nope' }), { code: 'backend-error', retryable: false });
  });

  it('refuses a wrong token; an unreachable back end is a retryable error', async () => {
    const wrong = new BackendClient({ url: backend.url, token: 'nope' });
    await assert.rejects(wrong.post('/v1/lookups/e-certificates', { idNumber: WANG }), { code: 'forbidden' });
    const dead = new BackendClient({ url: 'http://127.0.0.1:9', token: 't0ken', timeoutMs: 3000 });
    await assert.rejects(dead.post('/v1/lookups/e-certificates', { idNumber: WANG }), { code: 'backend-error', retryable: true });
    assert.equal(await dead.reachable(1000), false);
    assert.equal(await client.reachable(3000), true);
  });

  it('a cancelled request is a cancellation, not a failure', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(client.post('/v1/lookups/e-certificates', { idNumber: WANG }, ac.signal), { code: 'cancelled' });
  });
});
