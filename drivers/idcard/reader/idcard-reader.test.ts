import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceStatus, IdCard } from '../../../contracts/devices.js';
import { DEMO_CARDS } from '../../sim/demo-cards.js';
import { fakeWltBlock } from '../sim/fake-wlt.js';
import { hostTransportFor, startSimulator } from '../sim/start-simulator.js';
import { IdCardReader } from './idcard-reader.js';

// Integration over a real pty pair (socat's, or node-pty's where socat is missing or hidden).
// Generous timeouts: the suite must pass on a loaded 2-core machine.
const T = { timeoutMs: 15_000 };

function expected(key: string): IdCard {
  const d = DEMO_CARDS.find((c) => c.key === key)!;
  return { ...d.card, warnings: [], photo: { format: 'wlt', base64: Buffer.from(fakeWltBlock(key)).toString('base64') } };
}

async function setup(opts: Parameters<typeof startSimulator>[0] = {}) {
  const running = await startSimulator(opts);
  const reader = new IdCardReader({
    transport: 'serial',
    simulated: true,
    createTransport: async () => hostTransportFor(running),
    pollIntervalMs: 50,
    requestTimeoutMs: 3000,
    reconnectInitialMs: 50,
    reconnectMaxMs: 400,
  });
  const states: DeviceStatus[] = [];
  reader.onDidChangeStatus((s) => states.push(s));
  await reader.open();
  return { running, reader, states, close: async () => (await reader.dispose(), await running.dispose()) };
}

describe('ID-card reader over a pty', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    env = await setup({ strayBytes: Uint8Array.of(0x00, 0xaa, 0x13), chunkSize: 7 });
  });
  after(async () => env.close());

  test('reads every card type (stray leading bytes, 7-byte chunks)', async () => {
    assert.equal(env.reader.status().state, 'ready');
    for (const d of DEMO_CARDS) {
      env.running.sim.placeCard(d.key);
      const inserted = new Promise<IdCard>((r) => {
        const sub = env.reader.onDidInsertCard((c) => (sub.dispose(), r(c)));
      });
      const card = await env.reader.readCard(T);
      assert.deepEqual(card, expected(d.key), d.key);
      assert.deepEqual(await inserted, card);
    }
    assert.deepEqual(new Set(DEMO_CARDS.map((d) => d.card.cardType)).size, 4);
  });

  test('polls only while a read is pending', async () => {
    env.running.sim.removeCard();
    const before = env.running.sim.received.length;
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(env.running.sim.received.length, before);
  });

  test('a card removed and another placed: cardRemoved, then the new card', async () => {
    env.running.sim.placeCard('wang');
    await env.reader.readCard(T);
    env.running.sim.removeCard();
    const removed = new Promise<void>((r) => {
      const sub = env.reader.onDidRemoveCard(() => (sub.dispose(), r()));
    });
    const pending = env.reader.readCard(T);
    await removed;
    env.running.sim.placeCard('lin');
    assert.equal((await pending).name, '林小');
  });

  test('a card left behind after its session is not read again until it is taken away and placed again', async () => {
    env.running.sim.placeCard('ouyang');
    assert.equal((await env.reader.readCard(T)).name, '欧阳晓明');
    env.reader.releaseCard(); // the citizen's session ended with the card still on the reader
    const inserted: string[] = [];
    const sub = env.reader.onDidInsertCard((c) => inserted.push(c.name));
    // The next citizen's read: the old card stays in the field and is not read.
    await assert.rejects(env.reader.readCard({ timeoutMs: 600 }), (e: { code: string }) => e.code === 'timeout');
    // The read that told it apart may still be finishing on a loaded machine: wait for its verdict.
    assert.ok(await waitFor(() => env.states.at(-1)?.detail === 'remove-card'), `last state: ${JSON.stringify(env.states.at(-1))}`);
    const asked = env.states.findLast((s) => s.state === 'busy');
    assert.equal(asked?.detail, 'remove-card');
    assert.equal(asked?.awaitingCardRemoval, true);
    const pending = env.reader.readCard(T);
    await new Promise((r) => setTimeout(r, 200));
    env.running.sim.removeCard();
    await fieldSeenEmpty(env); // a find that says "no card"
    env.running.sim.placeCard('wang');
    assert.equal((await pending).name, '王芳');
    assert.deepEqual(inserted, ['王芳'], 'the card left behind never reached a listener');
    sub.dispose();
    env.reader.releaseCard();
    // Another card put down before any poll saw the field empty: a different card, so it is read.
    env.running.sim.removeCard();
    env.running.sim.placeCard('ouyang');
    assert.equal((await env.reader.readCard(T)).name, '欧阳晓明');
    env.reader.releaseCard();
    // The same card lifted and put back between two polls cannot be told from one left behind.
    env.running.sim.removeCard();
    env.running.sim.placeCard('ouyang');
    await assert.rejects(env.reader.readCard({ timeoutMs: 600 }), (e: { code: string }) => e.code === 'timeout');
    assert.ok(await waitFor(() => env.states.at(-1)?.detail === 'remove-card'), `last state: ${JSON.stringify(env.states.at(-1))}`);
    env.running.sim.removeCard();
    const again = env.reader.readCard(T);
    await fieldSeenEmpty(env);
    env.running.sim.placeCard('ouyang');
    assert.equal((await again).name, '欧阳晓明');
  });

  test('releasing with no card on the reader changes nothing', async () => {
    env.running.sim.removeCard();
    await assert.rejects(env.reader.readCard({ timeoutMs: 300 }), (e: { code: string }) => e.code === 'timeout');
    env.reader.releaseCard();
    env.running.sim.placeCard('lin');
    assert.equal((await env.reader.readCard(T)).name, '林小');
  });

  test('the first read failing with 41 is retried once', async () => {
    env.running.sim.placeCard('chan');
    env.running.sim.addFault({ command: 'readTextPhoto', kind: { status: 0x41 }, count: 1 });
    const card = await env.reader.readCard(T);
    assert.equal(card.cardType, 'hmt-residence');
  });

  test('41 twice is reported as a retryable device error', async () => {
    env.running.sim.placeCard('chan');
    env.running.sim.addFault({ command: 'readTextPhoto', kind: { status: 0x41 }, count: 2 });
    await assert.rejects(env.reader.readCard(T), (e: { code: string; retryable: boolean }) => e.code === 'device-error' && e.retryable);
    assert.equal(env.reader.status().lastError?.code, 'device-error');
  });

  test('a card pulled away mid-read is reported, and the next placement reads', async () => {
    env.running.sim.placeCard('smith');
    env.running.sim.addFault({ command: 'readTextPhoto', kind: 'remove-card', count: 1 });
    await assert.rejects(env.reader.readCard(T), /card removed during read/);
    env.running.sim.placeCard('smith');
    assert.equal((await env.reader.readCard(T)).englishName, 'SMITH JOHN');
  });

  test('a response with a bad checksum is retried', async () => {
    env.running.sim.placeCard('mueller');
    env.running.sim.addFault({ command: 'readTextPhoto', kind: 'bad-checksum', count: 1 });
    assert.equal((await env.reader.readCard(T)).nationality, 'DEU');
  });

  test('a silent reader times out the read request', async () => {
    env.running.sim.removeCard();
    await assert.rejects(env.reader.readCard({ timeoutMs: 300 }), (e: { code: string }) => e.code === 'timeout');
    const ctl = new AbortController();
    const p = env.reader.readCard({ timeoutMs: 10_000, signal: ctl.signal });
    ctl.abort();
    await assert.rejects(p, (e: { code: string }) => e.code === 'cancelled');
  });

  test('health checks: internal (11 FF) and external (12 FF + 20 01)', async () => {
    const i = await env.reader.checkHealth('internal');
    assert.equal(i.ok, true);
    const x = await env.reader.checkHealth('external');
    assert.equal(x.ok, true);
    assert.match(env.reader.status().model ?? '', /^SAM 05\.01-/);
    env.running.sim.samStatus = 0x60;
    const bad = await env.reader.checkHealth('internal');
    assert.equal(bad.ok, false);
    assert.equal(env.reader.status().detail, 'sam-self-test-failed');
    env.running.sim.samStatus = 0x90;
    assert.equal((await env.reader.checkHealth('internal')).ok, true);
  });

  test('unplug and replug: offline, reopened with back-off, the pending read completes', async () => {
    env.running.sim.removeCard();
    const pending = env.reader.readCard({ timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 200));
    await env.running.unplug();
    const offline = await waitFor(() => env.reader.status().state === 'offline');
    assert.ok(offline);
    assert.equal(env.reader.status().lastError?.action, 'reconnect');
    await new Promise((r) => setTimeout(r, 300));
    await env.running.replug();
    env.running.sim.placeCard('ouyang');
    const card = await pending;
    assert.equal(card.validTo, 'long-term');
    assert.ok(env.states.some((s) => s.detail === 'reconnecting'));
  });
});

test('in-memory fallback serves the same protocol', async () => {
  const env = await setup({ forceMemory: true, initialCard: 'lin' });
  try {
    assert.equal(env.running.mode, 'memory');
    assert.deepEqual(await env.reader.readCard(T), expected('lin'));
  } finally {
    await env.close();
  }
});

/**
 * Until a find has answered "no card" (the reader then asks for a card again): a card put down
 * before that is, to the reader, the one left behind. A fixed sleep is not enough on a loaded machine.
 */
async function fieldSeenEmpty(env: { states: DeviceStatus[] }): Promise<void> {
  const from = env.states.length;
  assert.ok(await waitFor(() => env.states.slice(from).some((s) => s.detail === 'waiting-for-card')), 'the reader never saw the field empty');
}

async function waitFor(cond: () => boolean, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}

describe('ID-card reader directIO (diagnostics raw console)', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    env = await setup({ chunkSize: 3 });
  });
  after(async () => env.close());

  test('sends the bytes as given and returns the whole reply frame', async () => {
    // SAM status check (11 FF): AA AA AA 96 69 00 03 11 FF ED → 00 00 90 (success).
    const reply = await env.reader.directIO(Buffer.from('aaaaaa9669000311ffed', 'hex'), { timeoutMs: 10_000 });
    assert.equal(Buffer.from(reply).toString('hex'), 'aaaaaa9669000400009094');
  });

  test('silence within the timeout is an empty reply, and polling still works after', async () => {
    const reply = await env.reader.directIO(Uint8Array.of(0x01, 0x02), { timeoutMs: 600 });
    assert.equal(reply.length, 0);
    env.running.sim.placeCard(DEMO_CARDS[0]!.key);
    const card = await env.reader.readCard(T);
    assert.equal(card.cardType, DEMO_CARDS[0]!.card.cardType);
  });
});
