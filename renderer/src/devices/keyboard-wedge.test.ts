import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyboardWedgeDetector, type WedgeResult } from './keyboard-wedge.js';

/** Feed `keys` at the given gaps; returns all results, then flushes after the idle time. */
function run(d: KeyboardWedgeDetector, keys: string[], gaps: number[], t0 = 1000): { results: WedgeResult[]; consumed: boolean[] } {
  const results: WedgeResult[] = [];
  const consumed: boolean[] = [];
  let t = t0;
  keys.forEach((key, i) => {
    t += i === 0 ? 0 : gaps[Math.min(i - 1, gaps.length - 1)]!; // the last gap repeats
    const r = d.feed({ key, timeStamp: t });
    consumed.push(r.consumed);
    results.push(...r.results);
  });
  results.push(...d.flush(t + 1000));
  return { results, consumed };
}

const chars = (s: string): string[] => Array.from(s);
const typed = (rs: WedgeResult[]): string => rs.flatMap((r) => (r.kind === 'typing' ? r.keys : [])).join('|');

test('a scanner burst (≈8 ms/key) with Enter is one scan; nothing leaks', () => {
  const d = new KeyboardWedgeDetector();
  const { results, consumed } = run(d, [...chars('https://e.gov.cn/q?id=42'), 'Enter'], [8, 6, 10]);
  assert.deepEqual(results.map((r) => r.kind), ['scan']);
  assert.equal((results[0] as { data: string }).data, 'https://e.gov.cn/q?id=42');
  assert.ok(consumed.every(Boolean), 'every key of the burst is suppressed');
});

test('fast human typing (60–120 ms, with a 25 ms roll-over pair) is typing, replayed in order', () => {
  const d = new KeyboardWedgeDetector();
  const { results, consumed } = run(d, [...chars('zhangsan1990'), 'Enter'], [85, 25, 110, 60, 95, 70, 120, 65, 90, 100, 75]);
  assert.ok(results.every((r) => r.kind === 'typing'));
  assert.equal(typed(results), chars('zhangsan1990').join('|'));
  assert.equal(consumed.at(-1), false, 'nothing was held any more, so Enter passes straight through');
});

test('short fast bursts below minLength are typing; Backspace passes through', () => {
  const d = new KeyboardWedgeDetector({ minLength: 6 });
  const a = run(d, ['a', 'b', 'c', 'Enter'], [5]);
  assert.equal(typed(a.results), 'a|b|c|Enter');
  const r = d.feed({ key: 'Backspace', timeStamp: 99_999 });
  assert.equal(r.consumed, false);
});

test('prefix is required and stripped; no-suffix scans end on idle', () => {
  const withPrefix = new KeyboardWedgeDetector({ prefix: '~', suffix: '' });
  const s = run(withPrefix, chars('~SCAN12345'), [5]);
  assert.deepEqual(s.results.map((r) => (r.kind === 'scan' ? r.data : 'typing')), ['SCAN12345']);
  const noPrefix = run(new KeyboardWedgeDetector({ prefix: '~', suffix: '' }), chars('SCAN12345'), [5]);
  assert.equal(typed(noPrefix.results), chars('SCAN12345').join('|'), 'a fast burst without the prefix is not a scan');
});

test('typing right before a scan is released, then the scan is recognised', () => {
  const d = new KeyboardWedgeDetector();
  const { results } = run(d, ['x', 'y', ...chars('CODE-0001'), 'Enter'], [150, 200, 7]);
  assert.equal(typed(results), 'x|y');
  assert.deepEqual(results.filter((r) => r.kind === 'scan').map((r) => (r as { data: string }).data), ['CODE-0001']);
});

test('Shift (sent by scanners for capitals) neither breaks a burst nor is held', () => {
  const d = new KeyboardWedgeDetector();
  const keys = ['Shift', 'A', 'Shift', 'B', '1', '2', 'Enter'];
  const { results, consumed } = run(d, keys, [3]);
  assert.deepEqual(results.map((r) => (r.kind === 'scan' ? r.data : '?')), ['AB12']);
  assert.equal(consumed[0], false);
});
