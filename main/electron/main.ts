// Electron shell: one kiosk window, the host in a utilityProcess, MessagePorts between them.
// Everything that decides something (window options, permissions, navigation, sender checks) is a
// pure function in a sibling file with tests that run without the Electron binary.
import { app, BrowserWindow, ipcMain, MessageChannelMain, net, powerSaveBlocker, protocol, session, utilityProcess, type UtilityProcess } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../host/static-files.js';
import { APP_ROOT } from '../host/version.js';
import { nextRestartDelay, RendererCrashBudget } from './recovery.js';
import { allowNavigation, allowPermission, APP_ORIGIN, isTrustedSender, windowOpenAction } from './security.js';
import { kioskWindowOptions } from './window-options.js';

const KIOSK = process.env.KIOSK_WINDOWED !== '1';
const compiledDir = join(APP_ROOT, 'dist-electron', 'main', 'electron');
const rendererDir = join(APP_ROOT, 'renderer', 'dist');

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let win: BrowserWindow | null = null;
let host: UtilityProcess | null = null;
let hostReady = false;
let hostFailures = 0;
let quitting = false;
const waitingForHost: (() => void)[] = [];
const crashes = new RendererCrashBudget(3, 10 * 60_000);

function startHost(): void {
  hostReady = false;
  const child = utilityProcess.fork(join(compiledDir, 'host-process.js'), process.argv.slice(1).filter((a) => a.startsWith('--config')), {
    serviceName: 'kiosk-host',
    stdio: 'inherit',
  });
  host = child;
  child.on('message', (m: { type?: string; lines?: string[] }) => {
    if (m.type === 'ready') {
      hostReady = true;
      hostFailures = 0;
      for (const f of waitingForHost.splice(0)) f();
    } else if (m.type === 'config-error') {
      process.stderr.write((m.lines ?? []).join('\n') + '\n');
      app.exit(78);
    }
  });
  child.on('exit', (code) => {
    host = null;
    hostReady = false;
    if (quitting) return;
    win?.webContents.send('kiosk:host-down');
    const wait = nextRestartDelay(++hostFailures);
    process.stderr.write(`kiosk: host exited (${code}); restarting in ${wait} ms\n`);
    setTimeout(startHost, wait);
  });
}

function connectRenderer(): void {
  const go = () => {
    if (!host || !win) return;
    const { port1, port2 } = new MessageChannelMain();
    host.postMessage({ type: 'connect' }, [port1]);
    win.webContents.postMessage('kiosk:port', null, [port2]);
  };
  if (hostReady) go();
  else waitingForHost.push(go);
}

function createWindow(): void {
  win = new BrowserWindow(kioskWindowOptions(join(compiledDir, 'preload.cjs'), { kiosk: KIOSK }));
  const wc = win.webContents;
  wc.setWindowOpenHandler(windowOpenAction);
  wc.on('will-navigate', (e, url) => {
    if (!allowNavigation(url)) e.preventDefault();
  });
  wc.on('render-process-gone', (_e, details) => {
    if (details.reason === 'clean-exit') return;
    if (crashes.record(Date.now())) {
      app.relaunch();
      app.exit(0);
    } else wc.reload();
  });
  if (KIOSK) {
    wc.on('before-input-event', (e, input) => {
      // No reload, devtools or zoom shortcuts on a kiosk.
      const k = input.key.toLowerCase();
      if ((input.control || input.meta) && ['r', 'i', 'j', '+', '-', '=', '0', 'w', 'p', 's'].includes(k)) e.preventDefault();
      if (['f5', 'f11', 'f12'].includes(k)) e.preventDefault();
    });
    wc.setVisualZoomLevelLimits(1, 1);
  }
  win.once('ready-to-show', () => win?.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => win?.focus());
  app.whenReady().then(() => {
    protocol.handle('app', (req) => {
      const url = new URL(req.url);
      const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
      if (rel.split('/').includes('..')) return new Response('bad path', { status: 400 });
      return net.fetch(pathToFileURL(join(rendererDir, rel)).toString()).then((res) => {
        const headers = new Headers(res.headers);
        if (rel === 'index.html') headers.set('Content-Security-Policy', contentSecurityPolicy(APP_ORIGIN));
        return new Response(res.body, { status: res.status, headers });
      });
    });
    session.defaultSession.setPermissionRequestHandler((_wc, permission, cb) => cb(allowPermission(permission)));
    session.defaultSession.setPermissionCheckHandler((_wc, permission) => allowPermission(permission));
    ipcMain.on('kiosk:connect', (e) => {
      const trusted = isTrustedSender(
        { frameUrl: e.senderFrame?.url, isMainFrame: e.senderFrame === e.sender.mainFrame, webContentsId: e.sender.id },
        win?.webContents.id ?? null,
      );
      if (trusted) connectRenderer();
    });
    powerSaveBlocker.start('prevent-display-sleep');
    startHost();
    createWindow();
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
  app.on('before-quit', () => {
    quitting = true;
    host?.kill();
  });
  app.on('window-all-closed', () => app.quit());
}
