import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createIdCardReader } from './index.js';

test('createIdCardReader({transport:"sim"}): simulator controls drive the real serial driver', async () => {
  const handle = await createIdCardReader({ transport: 'sim', pollIntervalMs: 50 }, { dataDir: '/tmp' });
  try {
    assert.ok(handle.sim);
    assert.equal(handle.service.status().simulated, true);
    assert.equal(handle.service.status().state, 'ready');
    assert.ok(handle.sim.listCards().some((c) => c.key === 'ouyang'));
    const pending = handle.service.readCard({ timeoutMs: 15_000 });
    handle.sim.placeCard('mueller');
    const card = await pending;
    assert.equal(card.cardType, 'foreign-permanent-2023');
    assert.throws(() => handle.sim!.placeCard('nobody'), /no simulated card/);
  } finally {
    await handle.dispose();
  }
  assert.equal(handle.service.status().state, 'offline');
});

test('createIdCardReader({transport:"serial"}) on a missing port: offline, no throw', async () => {
  const handle = await createIdCardReader(
    { transport: 'serial', path: '/nonexistent/ttyUSB9', baudRate: 115200, pollIntervalMs: 300, requestTimeoutMs: 3000 },
    { dataDir: '/tmp' },
  );
  try {
    assert.equal(handle.sim, null);
    assert.equal(handle.service.status().state, 'offline');
    assert.equal(existsSync('/nonexistent/ttyUSB9'), false);
  } finally {
    await handle.dispose();
  }
});
