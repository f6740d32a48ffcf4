import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shortCaseNumber } from '../contracts/case-number.js';
import { OutboxReader, refusalCode } from './outbox-reader.js';
import { openTestOutbox, tempDirs } from './test-support/temp-outbox.js';

const members = (n: number) => Array.from({ length: n }, (_, i) => ({ serviceId: `svc-${i}`, payload: { childName: '王小宝', n: i } }));

test('a case number finds its submission and every member of its bundle, the refused one with its code; bodies are never read', async () => {
  const dirs = tempDirs('outbox-reader-');
  const o = await openTestOutbox(dirs);
  const reader = new OutboxReader(o.file);
  try {
    const { ids } = o.enqueueBundle('newborn', members(3));
    const lone = o.enqueue('svc-x', { n: 1 });
    o.claimDue(10);
    o.settle([
      { id: ids[0]!, kind: 'done', receiptNo: 'R-1' },
      { id: ids[1]!, kind: 'dead', error: 'HTTP 422 address-required' },
      { id: ids[2]!, kind: 'retry', nextAttemptMs: Date.now() + 60_000, error: 'HTTP 503', countAttempt: true },
      { id: lone, kind: 'done', receiptNo: 'R-X' },
    ]);
    // Any member's number finds the whole bundle; typed in lower case with spaces, as a citizen may.
    const typed = shortCaseNumber(ids[2]!, 'test-kiosk').toLowerCase().replace(/-/g, ' ');
    const found = reader.findCase('test-kiosk', typed);
    assert.deepEqual(found.map((m) => [m.member, m.serviceId, m.state, m.receiptNo, m.reason]), [
      [0, 'svc-0', 'done', 'R-1', null],
      [1, 'svc-1', 'dead', null, 'address-required'],
      [2, 'svc-2', 'pending', null, null],
    ]);
    assert.deepEqual(reader.findCase('test-kiosk', shortCaseNumber(lone, 'test-kiosk')).map((m) => [m.serviceId, m.state, m.receiptNo, m.member]), [['svc-x', 'done', 'R-X', null]]);
    // Another kiosk's prefix, or a number of no row here: nothing.
    assert.deepEqual(reader.findCase('test-kiosk', shortCaseNumber(lone, 'hall-01-k99')), []);
    assert.deepEqual(reader.findCase('test-kiosk', 'K-2222-2222-2'), []);
    assert.deepEqual(reader.bundleCounts(), { accepted: 0, partlyRefused: 1, open: 1 });
    const second = o.enqueueBundle('retirement', members(2));
    o.claimDue(10);
    o.settle(second.ids.map((id) => ({ id, kind: 'done' as const, receiptNo: 'R' })));
    assert.deepEqual(reader.bundleCounts(), { accepted: 1, partlyRefused: 1, open: 1 });
  } finally {
    reader.close();
    o.close();
    dirs.cleanup();
  }
});

test('refusal codes: the back end\'s checked code, the status alone, never free text', () => {
  assert.equal(refusalCode('HTTP 422 address-required'), 'address-required');
  assert.equal(refusalCode('HTTP 400'), 'http-400');
  assert.equal(refusalCode('payload-tampered: /var/lib/kiosk/outbox.sqlite row 3'), 'payload-tampered');
  assert.equal(refusalCode('HTTP 422 validation: 王芳'), 'other');
  assert.equal(refusalCode(null), null);
});
