import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, hex } from './apdu.js';
import { exchange, withLe } from './exchange.js';

/** A scripted card: each expected command (hex) and its answer (hex), in order. */
function script(steps: [string, string][]) {
  const sent: string[] = [];
  let i = 0;
  const transmit = async (cmd: Uint8Array) => {
    sent.push(hex(cmd));
    const step = steps[i++];
    assert.ok(step, `unexpected command ${hex(cmd)}`);
    assert.equal(hex(cmd), step[0]);
    return fromHex(step[1]);
  };
  return { transmit, sent, done: () => assert.equal(i, steps.length, 'every scripted command was sent') };
}

test('61xx: the data comes in GET RESPONSE rounds and is joined', async () => {
  const s = script([
    ['00A4040002A000', '6104'],
    ['00C0000004', '010203046102'],
    ['00C0000002', '05069000'],
  ]);
  const r = await exchange(s.transmit, fromHex('00A4040002A000'), { timeoutMs: 100 });
  assert.equal(hex(r.data), '010203040506');
  assert.equal(r.sw, 0x9000);
  s.done();
});

test('61xx is final when the data is not wanted (a SELECT whose FCI we skip)', async () => {
  const s = script([['00A4040002A000', '6115']]);
  const r = await exchange(s.transmit, fromHex('00A4040002A000'), { timeoutMs: 100, fetchData: false });
  assert.equal(r.sw, 0x6115);
  s.done();
});

test('6Cxx: the same command again with the Le the card asked for', async () => {
  const s = script([
    ['00B2070400', '6C0B'],
    ['00B207040B', '07094130313233343536379000'],
  ]);
  const r = await exchange(s.transmit, fromHex('00B2070400'), { timeoutMs: 100 });
  assert.equal(hex(r.data), '0709413031323334353637');
  s.done();
});

test('6Cxx then 61xx (a case-4 command on a T=0 card) is resolved too', async () => {
  const s = script([
    ['00A4040001A000', '6C05'],
    ['00A4040001A005', '6102'],
    ['00C0000002', 'AABB9000'],
  ]);
  const r = await exchange(s.transmit, fromHex('00A4040001A000'), { timeoutMs: 100 });
  assert.equal(hex(r.data), 'AABB');
  s.done();
});

test('a card that answers 61xx forever is cut off with a protocol error', async () => {
  let n = 0;
  await assert.rejects(
    exchange(async () => (n++, fromHex('AA6101')), fromHex('00B2010400'), { timeoutMs: 100, maxChained: 5 }),
    (e: { code?: string }) => e.code === 'protocol-error',
  );
  assert.equal(n, 6);
});

test('a card that answers more than the bound is cut off', async () => {
  await assert.rejects(
    exchange(async () => Uint8Array.from([...new Uint8Array(255), 0x61, 0x00]), fromHex('00B2010400'), { timeoutMs: 100, maxBytes: 1000 }),
    (e: { code?: string }) => e.code === 'protocol-error',
  );
});

test('VERIFY and writes are never sent', async () => {
  let sent = 0;
  const t = async () => (sent++, fromHex('9000'));
  for (const cmd of ['0020000008313233343536FFFF', '00DC010408AABBCCDDEEFF0011', '00D6000001AA', '00E2000001AA', '0024000000']) {
    await assert.rejects(exchange(t, fromHex(cmd), { timeoutMs: 100 }), /never sends a PIN/);
  }
  assert.equal(sent, 0);
});

test('withLe keeps the header and data and replaces the Le', () => {
  assert.equal(hex(withLe(fromHex('00B2070400'), 0x0b)), '00B207040B');
  assert.equal(hex(withLe(fromHex('00A4040002A000'), 0x10)), '00A4040002A00010');
  assert.equal(hex(withLe(fromHex('00A4040002A00000'), 0)), '00A4040002A00000');
});
