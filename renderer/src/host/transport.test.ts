import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isFromPreload } from './transport.js';

test('a kiosk-host-port message counts only when our own preload posted it: same window, same origin', () => {
  const win = { location: { origin: 'app://kiosk' } };
  const frame = { location: { origin: 'app://kiosk' } };
  assert.equal(isFromPreload({ source: win, origin: 'app://kiosk' }, win), true);
  assert.equal(isFromPreload({ source: frame, origin: 'app://kiosk' }, win), false, 'an embedded frame');
  assert.equal(isFromPreload({ source: win, origin: 'https://evil.example' }, win), false, 'another origin');
  assert.equal(isFromPreload({ source: null, origin: 'app://kiosk' }, win), false, 'no source');
});
