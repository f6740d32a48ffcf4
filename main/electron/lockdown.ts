/**
 * Kiosk lockdown inside Electron, as pure decisions and handler wiring over minimal interfaces,
 * so tests drive them with plain objects (no Electron binary). What Electron cannot lock down
 * (Alt+Tab, the Windows key, Ctrl+Alt+Del, Alt+F4 on most window managers) is the OS's job: see
 * README "Locking down the operating system".
 */
import { allowNavigation, allowPermission, checkAsk, requestAsk, windowOpenAction } from './security.js';

/** The fields of Electron's `Input` that the shortcut policy reads. */
export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

// Ctrl/Cmd + key: reload (R), devtools (I, J, C with Shift), view source (U), zoom (+ - = 0), close
// (W, Q), print (P), save (S), open (O), new window/tab (N, T), find (F), history (H), downloads (J).
const MOD_KEYS = new Set(['r', 'i', 'j', 'u', '+', '-', '=', '_', '0', 'w', 'q', 'p', 's', 'o', 'n', 't', 'f', 'h', 'g', 'l']);
// Function keys that reload, go full-screen/leave it, open devtools or caret browsing.
const BARE_KEYS = new Set(['f1', 'f3', 'f5', 'f6', 'f7', 'f11', 'f12', 'browserback', 'browserforward', 'browserrefresh', 'browserhome', 'browsersearch', 'zoomin', 'zoomout', 'contextmenu']);

/**
 * True when a key press must not reach the page: devtools, reload, zoom, history navigation and
 * window shortcuts. Plain typing, Enter, Tab and the documented Ctrl+Shift+D (developer panel, only
 * with simulated devices) pass.
 */
export function blockedShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const k = input.key.toLowerCase();
  if (BARE_KEYS.has(k)) return true;
  if ((input.control || input.meta) && MOD_KEYS.has(k)) return true;
  if ((input.control || input.meta) && input.shift && k === 'c') return true; // element inspector
  if (input.alt && (k === 'arrowleft' || k === 'arrowright' || k === 'home' || k === 'f4')) return true; // history, home page, close
  return false;
}

type Prevent = { preventDefault(): void };

/** The part of Electron's `Session` the hardening touches. */
export interface SessionLike {
  setPermissionRequestHandler(h: ((wc: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void) | null): void;
  setPermissionCheckHandler(h: ((wc: unknown, permission: string, requestingOrigin?: string, details?: unknown) => boolean) | null): void;
  setDevicePermissionHandler(h: ((details: unknown) => boolean) | null): void;
  webRequest: {
    onHeadersReceived(listener: (details: { url: string; resourceType: string; responseHeaders?: Record<string, string[] | string> }, callback: (r: { responseHeaders?: Record<string, string[] | string>; cancel?: boolean }) => void) => void): void;
  };
  on(event: 'will-download', listener: (e: Prevent) => void): void;
}

/**
 * Session handlers (checklist items 5 and 7): every permission request and check denied except the
 * app's own page asking for the face camera (video, never audio), WebHID/
 * WebSerial/WebUSB device access denied (devices belong to the host, never the page), downloads
 * cancelled, and the CSP header set on every document the session loads.
 */
export function hardenSession(ses: SessionLike, csp: string): void {
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => callback(allowPermission(permission, requestAsk(details))));
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) => allowPermission(permission, checkAsk(requestingOrigin, details)));
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    if (details.resourceType === 'mainFrame' || details.resourceType === 'subFrame') {
      for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-security-policy') delete headers[k];
      headers['Content-Security-Policy'] = [csp];
    }
    callback({ responseHeaders: headers });
  });
  ses.on('will-download', (e) => e.preventDefault());
}

/** The part of Electron's `WebContents` the hardening touches. */
export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (e: Prevent & { url?: string }, url?: string) => void): void;
  on(event: 'will-attach-webview', listener: (e: Prevent) => void): void;
  on(event: 'before-input-event', listener: (e: Prevent, input: KeyInput) => void): void;
  setWindowOpenHandler(h: (details: { url: string }) => { action: 'deny' }): void;
  setVisualZoomLevelLimits(min: number, max: number): Promise<void> | void;
}

/**
 * Handlers on one webContents (checklist items 11–14 and the kiosk lockdown): navigation only
 * inside the app's origin, no redirects away, no new windows, no `<webview>`, and in kiosk mode no
 * devtools/reload/zoom shortcuts and no pinch zoom.
 */
export function hardenWebContents(wc: WebContentsLike, opts: { kiosk: boolean }): void {
  const guard = (e: Prevent & { url?: string }, url?: string) => {
    if (!allowNavigation(url ?? e.url ?? '')) e.preventDefault();
  };
  wc.on('will-navigate', guard);
  wc.on('will-redirect', guard);
  wc.on('will-frame-navigate', guard);
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(windowOpenAction);
  if (opts.kiosk) {
    wc.on('before-input-event', (e, input) => {
      if (blockedShortcut(input)) e.preventDefault();
    });
    void wc.setVisualZoomLevelLimits(1, 1);
  }
}

/** Command-line switches for a touch kiosk: pinch zoom off, no overscroll history navigation. */
export const KIOSK_SWITCHES: readonly (readonly [string, string?])[] = [
  ['disable-pinch'],
  ['overscroll-history-navigation', '0'],
  ['touch-events', 'enabled'],
];
