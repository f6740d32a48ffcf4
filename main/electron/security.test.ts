import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextRestartDelay, RendererCrashBudget } from './recovery.js';
import { allowNavigation, allowPermission, checkAsk, isTrustedSender, requestAsk, windowOpenAction } from './security.js';
import { kioskWindowOptions } from './window-options.js';

describe('electron shell policies (no Electron binary needed)', () => {
  it('the kiosk window isolates and sandboxes the renderer', () => {
    const o = kioskWindowOptions('/app/preload.cjs', { kiosk: true });
    const w = o.webPreferences!;
    assert.equal(w.contextIsolation, true);
    assert.equal(w.sandbox, true);
    assert.equal(w.nodeIntegration, false);
    assert.equal(w.nodeIntegrationInWorker, false);
    assert.equal(w.webSecurity, true);
    assert.equal(w.allowRunningInsecureContent, false);
    assert.equal(w.experimentalFeatures, false);
    assert.equal(w.webviewTag, false);
    assert.equal(w.devTools, false);
    assert.equal(o.kiosk, true);
    assert.equal(w.preload, '/app/preload.cjs');
  });

  it('denies every permission, foreign navigation and new windows', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid', 'serial']) assert.equal(allowPermission(p), false);
    assert.equal(allowNavigation('app://kiosk/index.html'), true);
    assert.equal(allowNavigation('https://example.com/'), false);
    assert.equal(allowNavigation('file:///etc/passwd'), false);
    assert.equal(allowNavigation('not a url'), false);
    assert.deepEqual(windowOpenAction(), { action: 'deny' });
  });

  it('allows the face camera (video only) to the app\'s own top frame, nothing else', () => {
    const own = { origin: 'app://kiosk', isMainFrame: true };
    assert.equal(allowPermission('media', { ...own, mediaTypes: ['video'] }), true);
    assert.equal(allowPermission('media', { origin: 'app://kiosk/', mediaTypes: ['video'] }), true, 'origin with a slash, frame unknown');
    assert.equal(allowPermission('media', { ...own, mediaType: 'video' }), true, 'a check (enumerateDevices labels)');
    assert.equal(allowPermission('media', { ...own, mediaTypes: ['audio'] }), false, 'no microphone');
    assert.equal(allowPermission('media', { ...own, mediaTypes: ['video', 'audio'] }), false, 'not with audio mixed in');
    assert.equal(allowPermission('media', { ...own, mediaTypes: [] }), false);
    assert.equal(allowPermission('media', { ...own, mediaType: 'unknown' }), false);
    assert.equal(allowPermission('media', { ...own, mediaType: 'audio' }), false);
    assert.equal(allowPermission('media', { ...own, isMainFrame: false, mediaTypes: ['video'] }), false, 'a subframe');
    for (const origin of ['https://evil.example', 'app://kiosk.evil', 'app://evil', 'file:///', 'http://127.0.0.1:8080', '', null]) {
      assert.equal(allowPermission('media', { origin, isMainFrame: true, mediaTypes: ['video'] }), false, String(origin));
    }
    assert.equal(allowPermission('media'), false, 'nothing said about who asks');
    for (const p of ['geolocation', 'notifications', 'hid', 'openExternal']) assert.equal(allowPermission(p, { ...own, mediaTypes: ['video'] }), false, p);
  });

  it('reads Electron\'s request and check details', () => {
    assert.deepEqual(requestAsk({ securityOrigin: 'app://kiosk/', requestingUrl: 'app://kiosk/index.html', mediaTypes: ['video'], isMainFrame: true }), { origin: 'app://kiosk/', mediaTypes: ['video'], isMainFrame: true });
    assert.deepEqual(requestAsk({ requestingUrl: 'https://evil.example/', isMainFrame: true }), { origin: 'https://evil.example/', mediaTypes: null, isMainFrame: true });
    assert.deepEqual(requestAsk(undefined), { origin: null, mediaTypes: null, isMainFrame: null });
    assert.deepEqual(checkAsk('app://kiosk', { mediaType: 'video', isMainFrame: true }), { origin: 'app://kiosk', mediaType: 'video', isMainFrame: true });
    assert.deepEqual(checkAsk('', { securityOrigin: 'https://evil.example', mediaType: 'video' }), { origin: 'https://evil.example', mediaType: 'video', isMainFrame: null });
  });

  it('ignores IPC from a foreign sender or a subframe', () => {
    const ok = { frameUrl: 'app://kiosk/index.html', isMainFrame: true, webContentsId: 7 };
    assert.equal(isTrustedSender(ok, 7), true);
    assert.equal(isTrustedSender({ ...ok, webContentsId: 8 }, 7), false);
    assert.equal(isTrustedSender({ ...ok, isMainFrame: false }, 7), false);
    assert.equal(isTrustedSender({ ...ok, frameUrl: 'https://evil.example/' }, 7), false);
    assert.equal(isTrustedSender(ok, null), false);
  });

  it('relaunches after three renderer crashes in ten minutes, restarts the host with back-off', () => {
    const b = new RendererCrashBudget(3, 600_000);
    assert.equal(b.record(0), false);
    assert.equal(b.record(1000), false);
    assert.equal(b.record(700_000), false, 'old crashes fall out of the window');
    assert.equal(b.record(701_000), false);
    assert.equal(b.record(702_000), true);
    assert.deepEqual([1, 2, 3, 10].map(nextRestartDelay), [500, 1000, 2000, 30_000]);
  });
});
