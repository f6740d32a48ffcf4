import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostMessage } from '../../contracts/protocol.js';
import { KioskError } from '../../contracts/errors.js';
import type { Host } from './host.js';
import { servePeer, type ServedHost } from './protocol-server.js';

/**
 * A host whose every call waits until the test releases it, so that in-flight requests pile up.
 * The protocol server's limits are what is under test here, not the host's methods.
 */
function waitingHost() {
  const waiting: (() => void)[] = [];
  const host: ServedHost = {
    bootId: '00000000-0000-4000-8000-000000000001',
    info: () => ({}) as ReturnType<Host['info']>,
    onDidEmit: () => ({ dispose: () => undefined }),
    call: (_method, _params, signal) =>
      new Promise((resolve, reject) => {
        waiting.push(() => resolve({}));
        signal.addEventListener('abort', () => reject(new KioskError('cancelled', 'cancelled')));
      }),
  };
  return { host, waiting };
}

test('in-flight requests per peer are capped: the rest are answered rate-limited at once, then served again', async () => {
  const { host, waiting } = waitingHost();
  const sent: HostMessage[] = [];
  const peer = servePeer(host, { send: (m) => sent.push(m) }, { maxInFlight: 4 });
  for (let i = 0; i < 10; i++) peer.receive(JSON.stringify({ type: 'request', id: `r${i}`, method: 'host.info', params: {} }));
  const refused = sent.filter((m) => m.type === 'response' && !m.ok);
  assert.equal(waiting.length, 4, 'four calls reached the host');
  assert.deepEqual(refused.map((m) => (m as { id: string }).id), ['r4', 'r5', 'r6', 'r7', 'r8', 'r9']);
  assert.ok(refused.every((m) => m.type === 'response' && !m.ok && m.error.code === 'rate-limited' && m.error.retryable));
  for (const release of waiting.splice(0)) release();
  await new Promise((r) => setImmediate(r));
  peer.receive(JSON.stringify({ type: 'request', id: 'again', method: 'host.info', params: {} }));
  assert.equal(waiting.length, 1, 'room again once answered');
  peer.close();
});

test('oversized, non-JSON and malformed messages are dropped or refused as data, never thrown', () => {
  const { host, waiting } = waitingHost();
  const sent: HostMessage[] = [];
  const peer = servePeer(host, { send: (m) => sent.push(m) }, { maxMessageChars: 1000 });
  const before = sent.length; // host.hello
  peer.receive('x'.repeat(1001));
  peer.receive('{not json');
  peer.receive(JSON.stringify({ type: 'request', id: 'm1', method: 'host.info', params: {}, extra: { deep: [1, 2, 3] } }));
  peer.receive(JSON.stringify(null));
  peer.receive(JSON.stringify({ type: 'request', id: 'x'.repeat(500), method: 'host.info' }));
  assert.equal(waiting.length, 0);
  const replies = sent.slice(before);
  assert.equal(replies.length, 2, 'the two with a string id are answered; the rest dropped');
  assert.ok(replies.every((r) => r.type === 'response' && !r.ok && r.error.code === 'bad-request'));
  peer.close();
});
