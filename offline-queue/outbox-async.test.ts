import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KioskError } from '../contracts/errors.js';
import { MAX_BODY_BYTES } from './outbox.js';
import { openTestOutbox, tempDirs } from './test-support/temp-outbox.js';

const members = (n: number) => Array.from({ length: n }, (_, i) => ({ serviceId: `svc-${i}`, payload: { childName: '王小宝', n: i } }));
const isCode = (code: string) => (e: unknown) => e instanceof KioskError && e.code === code;

test('enqueueAsync: the body built and sealed on the worker thread opens here to the same canonical JSON the synchronous path writes', async () => {
  const dirs = tempDirs('outbox-async-');
  const o = await openTestOutbox(dirs);
  try {
    const payload = { z: 1, a: { '中': '文', b: [true, null, 1.5] }, pdfBase64: 'QUJD'.repeat(300_000) };
    const asyncId = await o.enqueueAsync('svc.materials', payload);
    const syncId = o.enqueue('svc.materials', payload);
    assert.equal(o.status().pending, 2);
    const [a, s] = o.claimDue(10);
    assert.deepEqual([a!.id, s!.id], [asyncId, syncId]);
    const bodyOf = (c: typeof a) => o.openBody(c!).toString('utf8');
    // Same bytes but for the row's own id and time: canonical key order, no whitespace.
    const strip = (b: string) => b.replace(/"createdAt":"[^"]+"/, '').replace(/"id":"[^"]+"/, '');
    assert.equal(strip(bodyOf(a)), strip(bodyOf(s)));
    assert.ok(bodyOf(a).startsWith(`{"createdAt":`) && bodyOf(a).includes(`"id":"${asyncId}"`));
    assert.ok(!a!.sealed.includes(Buffer.from('QUJDQUJD')), 'sealed at rest');
  } finally {
    o.close();
    dirs.cleanup();
  }
});

test('enqueueAsync refuses what JSON cannot carry, an oversized body and a bad service id; nothing is stored', async () => {
  const dirs = tempDirs('outbox-async-bad-');
  const o = await openTestOutbox(dirs);
  try {
    await assert.rejects(o.enqueueAsync('bad id!', {}), /serviceId/);
    await assert.rejects(o.enqueueAsync('svc.a', { f: () => 1 } as unknown as Record<string, unknown>), isCode('bad-request'));
    await assert.rejects(o.enqueueAsync('svc.a', { when: new Date() }), /class instance/);
    await assert.rejects(o.enqueueAsync('svc.a', { n: Number.NaN }), /non-finite/);
    await assert.rejects(o.enqueueAsync('svc.a', { big: 'x'.repeat(MAX_BODY_BYTES + 1) }), /limit/);
    assert.equal(o.status().pending, 0);
    // The worker is still there for the next one.
    await o.enqueueAsync('svc.a', { ok: 1 });
    assert.equal(o.status().pending, 1);
  } finally {
    o.close();
    dirs.cleanup();
  }
});

test('enqueueBundleAsync: all members in one transaction with their links, or none when one member is bad', async () => {
  const dirs = tempDirs('outbox-async-bundle-');
  const o = await openTestOutbox(dirs);
  try {
    const bad = [...members(2), { serviceId: 'svc-2', payload: { big: 'x'.repeat(MAX_BODY_BYTES + 1) } }];
    await assert.rejects(o.enqueueBundleAsync('newborn', bad), /limit/);
    assert.equal(o.status().pending, 0, 'no member of the refused bundle was stored');
    const { bundleId, ids } = await o.enqueueBundleAsync('newborn', members(3));
    const claimed = o.claimDue(10);
    assert.deepEqual(claimed.map((c) => c.id), ids);
    claimed.forEach((c, i) => assert.deepEqual((JSON.parse(o.openBody(c).toString('utf8')) as { bundle: unknown }).bundle, { id: bundleId, bundle: 'newborn', member: i, members: 3 }));
  } finally {
    o.close();
    dirs.cleanup();
  }
});

test('closing the outbox while a body is being sealed refuses it as cancelled and stores nothing', async () => {
  const dirs = tempDirs('outbox-async-close-');
  const o = await openTestOutbox(dirs);
  const pending = o.enqueueAsync('svc.a', { pdfBase64: 'QUJD'.repeat(2_000_000) });
  o.close();
  await assert.rejects(pending, isCode('cancelled'));
  // The same file opened again: the refused body is not in it.
  const again = await openTestOutbox(dirs);
  try {
    assert.equal(again.status().pending, 0);
    await again.enqueueAsync('svc.a', { n: 1 });
    assert.equal(again.status().pending, 1);
  } finally {
    again.close();
    dirs.cleanup();
  }
});
