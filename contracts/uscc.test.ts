import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkUscc, isValidUscc, usccCheckChar } from './uscc.js';

test('GB 32100 worked example: 91350100M000100Y4 → check character 3', () => {
  assert.equal(usccCheckChar('91350100M000100Y4'), '3');
  assert.equal(isValidUscc('91350100M000100Y43'), true);
  assert.deepEqual(checkUscc('91350100M000100Y4Z').reason, 'format'); // Z is not in the alphabet
  assert.equal(checkUscc('91350100M000100Y44').reason, 'check-char');
  assert.equal(checkUscc('91350100M000100Y44').expectedCheckChar, '3');
});

test('normalises full-width, lower case and spaces', () => {
  assert.equal(isValidUscc(' ９１350100m000100y43 '), true);
  assert.equal(checkUscc('123').reason, 'format');
});

test('check value 31 maps to 0', () => {
  // Find a prefix whose sum mod 31 is 0 by varying the last symbol.
  for (const c of '0123456789ABCDEFGHJKLMNPQRTUWXY') {
    const p = `9135010000000000${c}`;
    if (usccCheckChar(p) === '0') return assert.equal(isValidUscc(`${p}0`), true);
  }
  assert.fail('no prefix with check 0 found');
});
