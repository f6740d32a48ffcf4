// The Electron security checklist (17 items, electronjs.org/docs/latest/tutorial/security), one
// test per applicable item, plus the kiosk lockdown — all without the Electron binary: the window
// options, session handlers and webContents handlers are driven with plain objects.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { contentSecurityPolicy } from '../host/static-files.js';
import { APP_ROOT } from '../host/version.js';
import { blockedShortcut, hardenSession, hardenWebContents, KIOSK_SWITCHES, type KeyInput, type SessionLike, type WebContentsLike } from './lockdown.js';
import { allowNavigation, APP_ORIGIN, isTrustedSender } from './security.js';
import { kioskWindowOptions } from './window-options.js';

type Listener = (...args: unknown[]) => void;

function fakeSession() {
  const h: Record<string, Listener> = {};
  const ses: SessionLike = {
    setPermissionRequestHandler: (f) => void (h.request = f as Listener),
    setPermissionCheckHandler: (f) => void (h.check = f as Listener),
    setDevicePermissionHandler: (f) => void (h.device = f as Listener),
    webRequest: { onHeadersReceived: (f) => void (h.headers = f as Listener) },
    on: (ev, f) => void (h[ev] = f as Listener),
  };
  return { ses, h };
}

function fakeWebContents() {
  const on: Record<string, Listener[]> = {};
  let openHandler: ((d: { url: string }) => unknown) | null = null;
  let zoom: [number, number] | null = null;
  const wc: WebContentsLike = {
    on: ((ev: string, f: Listener) => void (on[ev] ??= []).push(f)) as WebContentsLike['on'],
    setWindowOpenHandler: (f) => void (openHandler = f),
    setVisualZoomLevelLimits: (a, b) => void (zoom = [a, b]),
  };
  /** Fire an event; true when a handler called preventDefault. */
  const fire = (ev: string, ...args: unknown[]) => {
    let prevented = false;
    const e = { preventDefault: () => (prevented = true), url: typeof args[0] === 'string' ? args[0] : undefined };
    for (const f of on[ev] ?? []) f(e, ...args);
    return prevented;
  };
  return { wc, on, fire, openHandler: () => openHandler, zoom: () => zoom };
}

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ type: 'keyDown', key: k, control: false, meta: false, alt: false, shift: false, ...mods });
const webPrefs = kioskWindowOptions('/app/preload.cjs', { kiosk: true }).webPreferences!;

describe('Electron security checklist', () => {
  it('1 secure content: the app loads only from its own privileged app:// origin, never http or file', () => {
    const main = readFileSync(join(APP_ROOT, 'main/electron/main.ts'), 'utf8');
    assert.match(main, /loadURL\(`\$\{APP_ORIGIN\}\/index\.html`\)/);
    assert.doesNotMatch(main, /loadURL\(['"`](http|file):/);
    assert.match(main, /scheme: 'app', privileges: \{ standard: true, secure: true/);
    assert.equal(APP_ORIGIN, 'app://kiosk');
  });

  it('2 no Node integration (also in workers and subframes)', () => {
    assert.equal(webPrefs.nodeIntegration, false);
    assert.equal(webPrefs.nodeIntegrationInWorker, false);
    assert.equal(webPrefs.nodeIntegrationInSubFrames, false);
  });

  it('3 context isolation', () => assert.equal(webPrefs.contextIsolation, true));

  it('4 sandbox: the window option and app.enableSandbox() for every renderer', () => {
    assert.equal(webPrefs.sandbox, true);
    assert.match(readFileSync(join(APP_ROOT, 'main/electron/main.ts'), 'utf8'), /app\.enableSandbox\(\)/);
  });

  it('5 permission request and check handlers deny everything but the face camera (video, own origin), device access too', () => {
    const { ses, h } = fakeSession();
    hardenSession(ses, 'x');
    for (const p of ['media', 'geolocation', 'notifications', 'midi', 'openExternal', 'clipboard-read', 'fullscreen', 'hid', 'serial', 'usb']) {
      let granted: boolean | null = null;
      h.request!(null, p, (g: boolean) => (granted = g));
      assert.equal(granted, false, p);
      assert.equal(h.check!(null, p), false, p);
    }
    // The face camera: video for the app's own top frame only; no audio, no other origin.
    const ask = (origin: string, mediaTypes: string[], isMainFrame = true) => {
      let granted: boolean | null = null;
      h.request!(null, 'media', (g: boolean) => (granted = g), { securityOrigin: origin, requestingUrl: `${origin}/index.html`, mediaTypes, isMainFrame });
      return granted;
    };
    assert.equal(ask(APP_ORIGIN, ['video']), true);
    assert.equal(ask(APP_ORIGIN, ['audio']), false);
    assert.equal(ask(APP_ORIGIN, ['video', 'audio']), false);
    assert.equal(ask(APP_ORIGIN, ['video'], false), false);
    assert.equal(ask('https://evil.example', ['video']), false);
    assert.equal(h.check!(null, 'media', APP_ORIGIN, { mediaType: 'video', isMainFrame: true }), true);
    assert.equal(h.check!(null, 'media', APP_ORIGIN, { mediaType: 'audio', isMainFrame: true }), false);
    assert.equal(h.check!(null, 'media', 'https://evil.example', { mediaType: 'video', isMainFrame: true }), false);
    assert.equal(h.device!({ deviceType: 'hid' }), false);
    let prevented = false;
    h['will-download']!({ preventDefault: () => (prevented = true) });
    assert.ok(prevented, 'downloads are cancelled');
  });

  it('6 webSecurity on', () => assert.equal(webPrefs.webSecurity, true));

  it('7 a strict CSP, set on every document the session loads', () => {
    const csp = contentSecurityPolicy(APP_ORIGIN);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-eval/);
    assert.doesNotMatch(csp.match(/script-src[^;]*/)![0], /unsafe-inline/);
    assert.match(csp, /object-src 'none'/);
    assert.match(csp, /base-uri 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    const { ses, h } = fakeSession();
    hardenSession(ses, csp);
    let out: { responseHeaders?: Record<string, unknown> } = {};
    h.headers!({ url: `${APP_ORIGIN}/index.html`, resourceType: 'mainFrame', responseHeaders: { 'content-security-policy': ["default-src *"], 'X-A': ['1'] } }, (r: typeof out) => (out = r));
    assert.deepEqual(out.responseHeaders, { 'X-A': ['1'], 'Content-Security-Policy': [csp] });
    h.headers!({ url: `${APP_ORIGIN}/a.js`, resourceType: 'script', responseHeaders: { 'X-B': ['2'] } }, (r: typeof out) => (out = r));
    assert.deepEqual(out.responseHeaders, { 'X-B': ['2'] });
  });

  it('8 no insecure content', () => assert.equal(webPrefs.allowRunningInsecureContent, false));
  it('9 no experimental features', () => assert.equal(webPrefs.experimentalFeatures, false));
  it('10 no enableBlinkFeatures', () => assert.equal('enableBlinkFeatures' in webPrefs, false));

  it('11–12 <webview>: the tag is off and any attach is refused (so no allowpopups, no unchecked options)', () => {
    assert.equal(webPrefs.webviewTag, false);
    const w = fakeWebContents();
    hardenWebContents(w.wc, { kiosk: true });
    assert.equal(w.fire('will-attach-webview', {}, { allowpopups: true }), true);
  });

  it('13 navigation only inside the app origin (navigate, redirect, subframes)', () => {
    const w = fakeWebContents();
    hardenWebContents(w.wc, { kiosk: true });
    for (const ev of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      assert.equal(w.fire(ev, 'https://evil.example/'), true, ev);
      assert.equal(w.fire(ev, 'file:///etc/passwd'), true, ev);
      assert.equal(w.fire(ev, 'app://kiosk.evil/x'), true, ev);
      assert.equal(w.fire(ev, `${APP_ORIGIN}/index.html#home`), false, ev);
    }
    assert.equal(allowNavigation('javascript:alert(1)'), false);
  });

  it('14 no new windows', () => {
    const w = fakeWebContents();
    hardenWebContents(w.wc, { kiosk: false });
    assert.deepEqual(w.openHandler()!({ url: `${APP_ORIGIN}/x` }), { action: 'deny' });
    assert.deepEqual(w.openHandler()!({ url: 'https://example.com/' }), { action: 'deny' });
  });

  it('15 shell.openExternal is never used', () => {
    const dir = join(APP_ROOT, 'main/electron');
    for (const f of readdirSync(dir).filter((n) => /\.(c?ts)$/.test(n) && !n.endsWith('.test.ts'))) {
      assert.doesNotMatch(readFileSync(join(dir, f), 'utf8'), /openExternal|\bshell\b.*from 'electron'/, f);
    }
  });

  it('16 a current Electron (a supported major)', () => {
    const pkg = JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const major = Number(/(\d+)/.exec(pkg.devDependencies.electron ?? '')?.[1]);
    // Electron supports the latest three majors; 39 was current in late 2025. Raise this with each upgrade.
    assert.ok(major >= 39, `electron ${pkg.devDependencies.electron} is out of support`);
  });

  it('17 IPC senders are checked (window, top frame, own origin)', () => {
    const ok = { frameUrl: `${APP_ORIGIN}/index.html`, isMainFrame: true, webContentsId: 3 };
    assert.equal(isTrustedSender(ok, 3), true);
    assert.equal(isTrustedSender({ ...ok, webContentsId: 4 }, 3), false);
    assert.equal(isTrustedSender({ ...ok, isMainFrame: false }, 3), false);
    assert.equal(isTrustedSender({ ...ok, frameUrl: undefined }, 3), false);
    const main = readFileSync(join(APP_ROOT, 'main/electron/main.ts'), 'utf8');
    const handlers = main.match(/ipcMain\.(on|handle)\(/g) ?? [];
    const checked = main.match(/ipcMain\.(on|handle)\([^]*?isTrustedSender/g) ?? [];
    assert.equal(checked.length, handlers.length, 'every ipcMain handler checks its sender');
  });
});

describe('kiosk lockdown', () => {
  it('the window is a kiosk window on top, without devtools, zoom fixed', () => {
    const o = kioskWindowOptions('/p', { kiosk: true });
    assert.equal(o.kiosk, true);
    assert.equal(o.alwaysOnTop, true);
    assert.equal(o.webPreferences!.devTools, false);
    assert.equal(o.webPreferences!.zoomFactor, 1);
    assert.equal(kioskWindowOptions('/p', { kiosk: false }).webPreferences!.devTools, true, 'KIOSK_WINDOWED=1 for development');
  });

  it('blocks devtools, reload, zoom, history and window shortcuts; lets typing and the dev-panel key through', () => {
    for (const k of [key('F5'), key('F11'), key('F12'), key('r', { control: true }), key('R', { control: true, shift: true }), key('i', { control: true, shift: true }), key('I', { meta: true, alt: true }), key('C', { control: true, shift: true }), key('+', { control: true }), key('-', { control: true }), key('0', { control: true }), key('=', { meta: true }), key('w', { control: true }), key('p', { control: true }), key('ArrowLeft', { alt: true }), key('BrowserBack'), key('F4', { alt: true })]) {
      assert.equal(blockedShortcut(k), true, JSON.stringify(k));
    }
    for (const k of [key('a'), key('A', { shift: true }), key('1'), key('Enter'), key('Backspace'), key('Tab'), key('d', { control: true, shift: true }), key('ArrowLeft'), key('F5', { type: 'keyUp' })]) {
      assert.equal(blockedShortcut(k), false, JSON.stringify(k));
    }
    const w = fakeWebContents();
    hardenWebContents(w.wc, { kiosk: true });
    assert.equal(w.fire('before-input-event', key('F12')), true);
    assert.equal(w.fire('before-input-event', key('x')), false);
  });

  it('pinch zoom is off (visual zoom pinned, --disable-pinch, no overscroll navigation)', () => {
    const w = fakeWebContents();
    hardenWebContents(w.wc, { kiosk: true });
    assert.deepEqual(w.zoom(), [1, 1]);
    assert.deepEqual(KIOSK_SWITCHES.map((s) => s[0]), ['disable-pinch', 'overscroll-history-navigation', 'touch-events']);
  });

  it('single instance, display kept awake, every webContents hardened', () => {
    const main = readFileSync(join(APP_ROOT, 'main/electron/main.ts'), 'utf8');
    assert.match(main, /requestSingleInstanceLock\(\)/);
    assert.match(main, /powerSaveBlocker\.start\('prevent-display-sleep'\)/);
    assert.match(main, /'web-contents-created'[^\n]*hardenWebContents/);
    assert.match(main, /hardenSession\(session\.defaultSession/);
  });
});
