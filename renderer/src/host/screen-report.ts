import type { KioskScreen } from '../../../contracts/protocol.js';
import type { HostClient } from './client.js';

/**
 * The screen the kiosk shows, reported to the host (`kiosk.screen`) for the fleet telemetry's
 * `screen` and so the host knows a citizen is mid-service. The app reports its own screen;
 * diagnostics lies over it while open.
 *
 * A report made before the connection is open (the first render comes before host.hello) or while
 * it is down waits for the connection instead of failing: otherwise the host would keep the screen
 * of before, and every page load would log a failed call.
 */
export type ScreenReporter = Pick<HostClient, 'call' | 'connectionState' | 'onConnectionState'>;

let base: KioskScreen = 'attract';
let overlay: KioskScreen | null = null;
let sent: string | null = null;
let waiting: { host: ScreenReporter; off: () => void } | null = null;

function sendWhenOpen(host: ScreenReporter): void {
  if (waiting?.host === host) return;
  waiting?.off();
  const off = host.onConnectionState((s) => {
    if (s !== 'open') return;
    off();
    if (waiting?.host === host) waiting = null;
    send(host);
  });
  waiting = { host, off };
}

function send(host: ScreenReporter): void {
  const now = overlay ?? base;
  if (now === sent) return;
  if (host.connectionState() !== 'open') {
    sendWhenOpen(host);
    return;
  }
  sent = now;
  host.call('kiosk.screen', { screen: now }).catch((e: unknown) => {
    sent = null;
    // Lost while the call was on its way: it goes again once the connection is back.
    if (host.connectionState() !== 'open') sendWhenOpen(host);
    else console.error('kiosk.screen failed', e);
  });
}

export function reportScreen(host: ScreenReporter, screen: KioskScreen): void {
  base = screen;
  send(host);
}

export function reportOverlayScreen(host: ScreenReporter, screen: KioskScreen | null): void {
  overlay = screen;
  send(host);
}

/** The host restarted: it knows nothing of the screen yet. */
export function resendScreen(host: ScreenReporter): void {
  sent = null;
  send(host);
}
