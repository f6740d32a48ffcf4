import type { KioskScreen } from '../../../contracts/protocol.js';
import type { HostClient } from './client.js';

/**
 * The screen the kiosk shows, reported to the host (`kiosk.screen`) for the fleet telemetry's
 * `screen` and so the host knows a citizen is mid-service. The app reports its own screen;
 * diagnostics lies over it while open.
 */
let base: KioskScreen = 'attract';
let overlay: KioskScreen | null = null;
let sent: string | null = null;

function send(host: Pick<HostClient, 'call'>): void {
  const now = overlay ?? base;
  if (now === sent) return;
  sent = now;
  host.call('kiosk.screen', { screen: now }).catch((e: unknown) => {
    sent = null; // try again with the next change or host.hello
    console.error('kiosk.screen failed', e);
  });
}

export function reportScreen(host: Pick<HostClient, 'call'>, screen: KioskScreen): void {
  base = screen;
  send(host);
}

export function reportOverlayScreen(host: Pick<HostClient, 'call'>, screen: KioskScreen | null): void {
  overlay = screen;
  send(host);
}

/** The host restarted: it knows nothing of the screen yet. */
export function resendScreen(host: Pick<HostClient, 'call'>): void {
  sent = null;
  send(host);
}
