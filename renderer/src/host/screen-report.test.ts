import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectionState } from './client.js';
import { reportOverlayScreen, reportScreen, type ScreenReporter } from './screen-report.js';

/** A host connection whose state the test moves; it records each kiosk.screen that reached it. */
function fakeHost() {
  let state: ConnectionState = 'connecting';
  const listeners = new Set<(s: ConnectionState) => void>();
  const received: string[] = [];
  const failed: string[] = [];
  const host: ScreenReporter = {
    connectionState: () => state,
    onConnectionState: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    call: ((method: string, params: { screen: string }) => {
      if (state !== 'open') {
        failed.push(params.screen);
        return Promise.reject(new Error('not connected to the kiosk host'));
      }
      assert.equal(method, 'kiosk.screen');
      received.push(params.screen);
      return Promise.resolve({});
    }) as ScreenReporter['call'],
  };
  const move = (s: ConnectionState) => {
    state = s;
    for (const l of [...listeners]) l(s);
  };
  return { host, received, failed, move, listeners };
}

test('a screen reported before the connection is open is sent once it opens, never as a failed call', async () => {
  const h = fakeHost();
  reportScreen(h.host, 'home');
  reportScreen(h.host, 'service');
  assert.deepEqual(h.received, []);
  h.move('open');
  await Promise.resolve();
  assert.deepEqual(h.received, ['service'], 'only the latest screen, once');
  assert.deepEqual(h.failed, []);
  assert.equal(h.listeners.size, 0, 'the wait is over: no listener left behind');

  // Down again (host restarting): the overlay reported meanwhile arrives after reconnection.
  h.move('closed');
  reportOverlayScreen(h.host, 'diagnostics');
  h.move('connecting');
  assert.deepEqual(h.received, ['service']);
  h.move('open');
  await Promise.resolve();
  assert.deepEqual(h.received, ['service', 'diagnostics']);
  assert.deepEqual(h.failed, []);
  reportOverlayScreen(h.host, null);
  await Promise.resolve();
  assert.deepEqual(h.received, ['service', 'diagnostics', 'service']);
});
