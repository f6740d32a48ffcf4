import assert from 'node:assert/strict';
import { test } from 'node:test';
import { equalErrorRate, ratesAt, seededShuffle, thresholdForFar } from './metrics.js';

test('rates: accepted at or above the threshold', () => {
  assert.deepEqual(ratesAt([0.5, 0.7, 0.9], [0.1, 0.5, 0.6], 0.6), { far: 1 / 3, frr: 1 / 3 });
});

test('threshold for a FAR: just above the highest impostor it must reject', () => {
  const impostor = Array.from({ length: 200 }, (_, i) => i / 1000); // 0.000 … 0.199
  assert.equal(thresholdForFar(impostor, 0), 0.2);
  assert.equal(thresholdForFar(impostor, 0.01), 0.198); // two of 200 may pass
  assert.ok(ratesAt([], impostor, thresholdForFar(impostor, 0.01)).far <= 0.01);
});

test('equal error rate of separated and of overlapping scores', () => {
  assert.equal(equalErrorRate([0.8, 0.9], [0.1, 0.2]).eer, 0);
  assert.equal(equalErrorRate([0.3, 0.9], [0.1, 0.5]).eer, 0.5);
});

test('seeded shuffle: same seed, same order; a permutation', () => {
  const xs = [1, 2, 3, 4, 5, 6, 7, 8];
  assert.deepEqual(seededShuffle(xs, 7), seededShuffle(xs, 7));
  assert.deepEqual([...seededShuffle(xs, 7)].sort(), xs);
});
