import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDemoSsCard } from '../sim/demo-sscards.js';
import { MemoryStack } from '../sim/memory-stack.js';
import { SimulatedPsam } from '../psam/sim-psam.js';
import { SsCardReader } from './sscard-reader.js';

async function setup() {
  const stack = new MemoryStack();
  const reader = new SsCardReader({ openStack: () => stack, transport: 'memory', simulated: true, retryMs: 50 });
  await reader.open();
  return { stack, reader };
}
const settle = () => new Promise((r) => setTimeout(r, 20));

test('a card inserted while the read waits is read once; released, it is not read again until taken out', async () => {
  const { stack, reader } = await setup();
  try {
    const inserted: string[] = [];
    reader.onDidInsertCard((e) => inserted.push(e.reader));
    assert.equal(reader.status().state, 'ready');
    const pending = reader.readCard({ timeoutMs: 2000 });
    stack.insert(findDemoSsCard('ss-wang')!);
    const r = await pending;
    assert.equal(r.cardType, 'sscard');
    assert.equal(r.name, '王芳');
    assert.equal(inserted.length, 1);
    reader.releaseCard();
    assert.equal(reader.status().detail, 'remove-card');
    await assert.rejects(reader.readCard({ timeoutMs: 150 }), (e: { code?: string }) => e.code === 'timeout');
    stack.remove();
    await settle();
    assert.equal(reader.status().detail, null);
    const again = reader.readCard({ timeoutMs: 2000 });
    stack.insert(findDemoSsCard('ss-wang')!);
    assert.equal((await again).ssn, '320508199001010029');
  } finally {
    await reader.dispose();
  }
});

test('a bank card is a read of a bank card, and its placement is spent (no read loop)', async () => {
  const { stack, reader } = await setup();
  try {
    stack.insert(findDemoSsCard('bank')!);
    await settle();
    assert.equal((await reader.readCard({ timeoutMs: 1000 })).cardType, 'bank');
    await assert.rejects(reader.readCard({ timeoutMs: 150 }), (e: { code?: string }) => e.code === 'timeout');
  } finally {
    await reader.dispose();
  }
});

test('the card pulled out mid-read is card-removed; the next card is read', async () => {
  const { stack, reader } = await setup();
  try {
    const card = stack.insert(findDemoSsCard('ss-ouyang')!);
    const orig = card.process.bind(card);
    card.process = (apdu) => {
      if (card.log.length === 4) stack.remove();
      return orig(apdu);
    };
    await assert.rejects(reader.readCard({ timeoutMs: 1000 }), (e: { code?: string }) => e.code === 'card-removed');
    stack.insert(findDemoSsCard('ss-ouyang')!);
    assert.equal((await reader.readCard({ timeoutMs: 1000 })).name, '欧阳晓明');
  } finally {
    await reader.dispose();
  }
});

test('the reader unplugged goes offline and comes back by itself', async () => {
  const { stack, reader } = await setup();
  try {
    stack.setPlugged(false);
    await settle();
    assert.equal(reader.status().state, 'offline');
    assert.equal(reader.status().detail, 'no-reader');
    assert.equal((await reader.checkHealth('internal')).ok, false);
    stack.setPlugged(true);
    await settle();
    assert.equal(reader.status().state, 'ready');
    stack.insert(findDemoSsCard('blank')!);
    assert.equal((await reader.readCard({ timeoutMs: 1000 })).cardType, 'blank');
  } finally {
    await reader.dispose();
  }
});

test('no PC/SC service: offline with pcsc-unavailable, retried, never a throw from open()', async () => {
  let calls = 0;
  const reader = new SsCardReader({
    openStack: () => {
      calls++;
      throw Object.assign(new Error('the PC/SC binding is not installed'), { code: 'pcsc-unavailable' });
    },
    transport: 'pcsc',
    retryMs: 30,
  });
  try {
    await reader.open();
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(reader.status().state, 'offline');
    assert.equal(reader.status().detail, 'pcsc-unavailable');
    assert.equal(reader.status().lastError?.code, 'pcsc-unavailable');
    assert.ok(calls >= 2, 'it keeps trying');
  } finally {
    await reader.dispose();
  }
});

test('a read waiting for a card ends when the reader is closed', async () => {
  const { reader } = await setup();
  const pending = reader.readCard({ timeoutMs: 60_000 });
  await reader.dispose();
  await assert.rejects(pending, (e: { code?: string }) => e.code === 'device-offline');
});

test('with a PSAM in its slot the reader reads the card that withholds EF06; the console link is dropped before a read', async () => {
  const stack = new MemoryStack();
  const reader = new SsCardReader({ openStack: () => stack, transport: 'memory', simulated: true, retryMs: 50, psam: new SimulatedPsam() });
  await reader.open();
  try {
    stack.insert(findDemoSsCard('ss-psam')!);
    await settle();
    // The console selects the application and EF06; the read after it starts from a fresh connection.
    assert.deepEqual([...(await reader.transmitRaw(Buffer.from('00A4020002EF06', 'hex'), { timeoutMs: 500 }))], [0x6a, 0x82]);
    const r = await reader.readCard({ timeoutMs: 2000 });
    assert.equal(r.name, '王芳');
    assert.deepEqual(r.psamRequired, []);
  } finally {
    await reader.dispose();
  }
});
