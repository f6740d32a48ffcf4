/**
 * Pure decision functions behind the Electron session handlers, testable without Electron.
 * The app's own origin is the custom `app://kiosk` scheme; everything else is refused.
 */
export const APP_ORIGIN = 'app://kiosk';

/** Deny-by-default permission policy: a kiosk needs no camera, microphone, geolocation or notifications. */
export function allowPermission(_permission: string): boolean {
  return false;
}

/** Navigation stays inside the app's own origin. */
export function allowNavigation(url: string): boolean {
  try {
    return new URL(url).origin === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
}

/** New windows are never opened. */
export function windowOpenAction(): { action: 'deny' } {
  return { action: 'deny' };
}

/** IPC from anything but the kiosk window's own top frame, on our origin, is ignored. */
export function isTrustedSender(sender: { frameUrl: string | undefined; isMainFrame: boolean; webContentsId: number }, kioskWebContentsId: number | null): boolean {
  if (kioskWebContentsId === null || sender.webContentsId !== kioskWebContentsId || !sender.isMainFrame) return false;
  return sender.frameUrl !== undefined && allowNavigation(sender.frameUrl);
}
