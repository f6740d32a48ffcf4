import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { startDemoBackend, type DemoBackend } from './server.js';
import { sendJson } from './router.js';

async function withBackend(fn: (b: DemoBackend, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'demo-backend-'));
  const b = await startDemoBackend({ dataDir: dir, token: 'tok', routes: [(r) => r.get('/v1/echo/:x', ({ res, params }) => sendJson(res, 200, params))] });
  try {
    await fn(b, dir);
  } finally {
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function call(url: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sub = (id: string, payload: object = { name: 'x' }) => JSON.stringify({ id, kioskId: 'k1', serviceId: 's1', createdAt: '2024-05-01T08:00:00.000Z', payload });
const hdr = (id: string, token = 'tok') => ({ 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': id });

test('health 200; 201 then 200 with the original receipt; 422 for the same key with another body', async () => {
  await withBackend(async (b) => {
    assert.ok(b.url.startsWith('http://127.0.0.1:'));
    assert.equal((await call(b.url, 'GET', '/v1/health')).status, 200);
    const first = await call(b.url, 'POST', '/v1/submissions', hdr('id-1'), sub('id-1'));
    assert.equal(first.status, 201);
    assert.equal(first.json.id, 'id-1');
    assert.equal(typeof first.json.receiptNo, 'string');
    assert.equal(typeof first.json.receivedAt, 'string');
    // Same content with other key order and spacing is the same body.
    const same = JSON.stringify({ payload: { name: 'x' }, createdAt: '2024-05-01T08:00:00.000Z', serviceId: 's1', kioskId: 'k1', id: 'id-1' });
    const again = await call(b.url, 'POST', '/v1/submissions', hdr('"id-1"'), same);
    assert.equal(again.status, 200);
    assert.deepEqual(again.json, first.json);
    const other = await call(b.url, 'POST', '/v1/submissions', hdr('id-1'), sub('id-1', { name: 'y' }));
    assert.equal(other.status, 422);
  });
});

test('400 for malformed bodies and headers; 401 for a missing or wrong token; 404/405', async () => {
  await withBackend(async (b) => {
    const bad = [
      [hdr('id-2'), '{not json'],
      [hdr('id-2'), JSON.stringify({ id: 'id-2' })],
      [hdr('id-2'), sub('other-id')],
      [{ ...hdr('id-2'), 'Content-Type': 'text/plain' }, sub('id-2')],
      [{ 'Content-Type': 'application/json', Authorization: 'Bearer tok' }, sub('id-2')],
      [hdr('id-2'), JSON.stringify({ id: 'id-2', kioskId: 'k', serviceId: 's', createdAt: 'yesterday', payload: {} })],
      [hdr('id-2'), JSON.stringify({ id: 'id-2', kioskId: 'k', serviceId: 's', createdAt: '2024-01-01T00:00:00Z', payload: [] })],
    ] as const;
    for (const [h, body] of bad) assert.equal((await call(b.url, 'POST', '/v1/submissions', h, body)).status, 400, body);
    assert.equal((await call(b.url, 'POST', '/v1/submissions', hdr('id-3', 'wrong'), sub('id-3'))).status, 401);
    const noAuth: Record<string, string> = { ...hdr('id-3') };
    delete noAuth.Authorization;
    assert.equal((await call(b.url, 'POST', '/v1/submissions', noAuth, sub('id-3'))).status, 401);
    assert.equal((await call(b.url, 'GET', '/v1/nothing')).status, 404);
    assert.equal((await call(b.url, 'GET', '/v1/submissions')).status, 405);
    // Nothing above was stored: the id is still free.
    assert.equal((await call(b.url, 'POST', '/v1/submissions', hdr('id-2'), sub('id-2'))).status, 201);
  });
});

test('the unique id survives a restart; extra routes plug in', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'demo-backend-'));
  try {
    const a = await startDemoBackend({ dataDir: dir, token: 'tok' });
    assert.equal((await call(a.url, 'POST', '/v1/submissions', hdr('id-9'), sub('id-9'))).status, 201);
    await a.close();
    const b = await startDemoBackend({ dataDir: dir, token: 'tok', routes: [(r) => r.get('/v1/echo/:x', ({ res, params }) => sendJson(res, 200, params))] });
    assert.equal((await call(b.url, 'POST', '/v1/submissions', hdr('id-9'), sub('id-9'))).status, 200);
    assert.equal((await call(b.url, 'POST', '/v1/submissions', hdr('id-9'), sub('id-9', { z: 1 }))).status, 422);
    assert.deepEqual((await call(b.url, 'GET', '/v1/echo/%E4%B8%AD')).json, { x: '中' });
    await b.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
