/**
 * Pure decision functions behind the Electron session handlers, testable without Electron.
 * The app's own origin is the custom `app://kiosk` scheme; everything else is refused.
 */
export const APP_ORIGIN = 'app://kiosk';

/**
 * What Electron says about a permission request or check, as far as the policy reads it: the
 * asking origin (a request's `details.securityOrigin` or `requestingUrl`, a check's
 * `requestingOrigin`), the media a request wants (`details.mediaTypes`) or a check is about
 * (`details.mediaType`), and whether the top frame asks.
 */
export interface PermissionAsk {
  origin?: string | null;
  mediaTypes?: readonly string[] | null;
  mediaType?: string | null;
  isMainFrame?: boolean | null;
}

function isAppOrigin(origin: string | null | undefined): boolean {
  return !!origin && (origin === APP_ORIGIN || allowNavigation(origin));
}

/**
 * Deny-by-default permission policy. The one exception is the face camera: `media` for
 * video only, asked by the app's own top frame. The microphone, a request mixing audio in, any
 * other origin or a subframe, geolocation, notifications and the rest are refused.
 */
export function allowPermission(permission: string, ask: PermissionAsk = {}): boolean {
  if (permission !== 'media') return false;
  if (!isAppOrigin(ask.origin) || ask.isMainFrame === false) return false;
  const types = ask.mediaTypes ?? (ask.mediaType ? [ask.mediaType] : []);
  return types.length > 0 && types.every((t) => t === 'video');
}

/** A request handler's `details` (Electron's `PermissionRequest` / `MediaAccessPermissionRequest`) as a {@link PermissionAsk}. */
export function requestAsk(details: unknown): PermissionAsk {
  const d = (details ?? {}) as { securityOrigin?: string; requestingUrl?: string; mediaTypes?: string[]; isMainFrame?: boolean };
  return { origin: d.securityOrigin ?? d.requestingUrl ?? null, mediaTypes: Array.isArray(d.mediaTypes) ? d.mediaTypes : null, isMainFrame: d.isMainFrame ?? null };
}

/** A check handler's `requestingOrigin` and `details` (Electron's `PermissionCheckHandlerHandlerDetails`) as a {@link PermissionAsk}. */
export function checkAsk(requestingOrigin: unknown, details: unknown): PermissionAsk {
  const d = (details ?? {}) as { securityOrigin?: string; requestingUrl?: string; mediaType?: string; isMainFrame?: boolean };
  const origin = typeof requestingOrigin === 'string' && requestingOrigin ? requestingOrigin : (d.securityOrigin ?? d.requestingUrl ?? null);
  return { origin, mediaType: d.mediaType ?? null, isMainFrame: d.isMainFrame ?? null };
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
