// Electron shell: one kiosk window, the host in a utilityProcess, MessagePorts between them.
// Everything that decides something (window options, permissions, navigation, shortcuts, sender
// checks, recovery, updates) is a pure function in a sibling file with tests that run without the
// Electron binary.
import { app, BrowserWindow, ipcMain, MessageChannelMain, net, powerSaveBlocker, protocol, session, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../host/static-files.js';
import { APP_ROOT, APP_VERSION } from '../host/version.js';
import { hardenSession, hardenWebContents, KIOSK_SWITCHES, type SessionLike, type WebContentsLike } from './lockdown.js';
import { nextRestartDelay, RendererCrashBudget, rendererGoneAction, restartMode } from './recovery.js';
import { APP_ORIGIN, isTrustedSender } from './security.js';
import { startUpdater, type KioskUpdater } from './updater.js';
import { installTarget, markHealthy, stageUpdate } from './fleet-installer.js';
import { kioskWindowOptions } from './window-options.js';

const KIOSK = process.env.KIOSK_WINDOWED !== '1';
const compiledDir = join(APP_ROOT, 'dist-electron', 'main', 'electron');
const rendererDir = join(APP_ROOT, 'renderer', 'dist');
const say = (line: string) => process.stderr.write(`kiosk: ${line}\n`);

// Checklist item 4: every renderer sandboxed, whatever a window's options say.
app.enableSandbox();
for (const [name, value] of KIOSK_SWITCHES) app.commandLine.appendSwitch(name, value);
protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let win: BrowserWindow | null = null;
let host: UtilityProcess | null = null;
let hostReady = false;
let hostFailures = 0;
let quitting = false;
let updater: KioskUpdater | null = null;
const waitingForHost: (() => void)[] = [];
const crashes = new RendererCrashBudget(3, 10 * 60_000);
const HEALTHY_AFTER_MS = 60_000;
let healthTimer: NodeJS.Timeout | null = null;
let healthMarked = false;
let hostExits = 0;
let rendererConnected = false;

/** Restart the whole app: exit for systemd to start us again, or relaunch ourselves. */
function restartApp(): void {
  if (restartMode(process.env) === 'relaunch') app.relaunch();
  app.exit(0);
}

function startHost(): void {
  hostReady = false;
  const child = utilityProcess.fork(join(compiledDir, 'host-process.js'), process.argv.slice(1).filter((a) => a.startsWith('--config')), {
    serviceName: 'kiosk-host',
    stdio: 'inherit',
  });
  host = child;
  child.on('message', (m: { type?: string; lines?: string[]; mode?: string; file?: string; sha256?: string; dataDir?: string; updates?: { url?: string; channel: string } }) => {
    if (m.type === 'ready') {
      hostReady = true;
      hostFailures = 0;
      if (!updater && m.updates && m.dataDir) updater = startUpdater(m.updates, APP_VERSION, m.dataDir, say);
      scheduleHealthMark();
      for (const f of waitingForHost.splice(0)) f();
    } else if (m.type === 'config-error') {
      process.stderr.write((m.lines ?? []).join('\n') + '\n');
      app.exit(78);
    } else if (m.type === 'nightly-restart') {
      void nightlyRestart();
    } else if (m.type === 'diag-restart') {
      void technicianRestart(m.mode === 'exit' ? 'exit' : 'restart');
    } else if (m.type === 'fleet-install' && m.file && m.sha256) {
      void fleetInstall(m.file, m.sha256);
    }
  });
  child.on('exit', (code) => {
    host = null;
    hostReady = false;
    if (quitting) return;
    win?.webContents.send('kiosk:host-down');
    hostExits++;
    const wait = nextRestartDelay(++hostFailures);
    say(`host exited (${code}); restarting in ${wait} ms`);
    setTimeout(startHost, wait);
  });
}

/** Stop the host cleanly (it closes the outbox and devices), at most 5 s. */
function stopHost(): Promise<void> {
  const child = host;
  if (!child) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill();
  });
}

/** The nightly restart (the host found the kiosk idle inside the window): apply a downloaded update, or relaunch. */
async function nightlyRestart(): Promise<void> {
  if (quitting) return;
  quitting = true;
  say('nightly restart');
  await stopHost();
  const installing = await updater?.applyAtRestart().catch((e: unknown) => {
    say(`update not applied: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  });
  if (installing) return;
  restartApp();
}

/** A fleet (ThingsBoard OTA) package the host verified, at an idle moment: stage it for the launcher and restart into it. */
async function fleetInstall(file: string, sha256: string): Promise<void> {
  const target = installTarget(process.env);
  if (target.kind !== 'launcher') {
    host?.postMessage({ type: 'fleet-install-result', ok: false, error: target.reason });
    return;
  }
  try {
    await stageUpdate(target.dir, file, sha256);
  } catch (e) {
    host?.postMessage({ type: 'fleet-install-result', ok: false, error: `install failed: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  host?.postMessage({ type: 'fleet-install-result', ok: true });
  if (quitting) return;
  quitting = true;
  say('fleet update staged; restarting for the launcher to install it');
  await stopHost();
  restartApp();
}

/**
 * The launcher keeps a new build on probation until it has been up for a while: the host ready, the
 * kiosk page connected to it, and no host exit for HEALTHY_AFTER_MS. Without the mark it goes back to
 * the previous build. Written once per run.
 */
function scheduleHealthMark(): void {
  const target = installTarget(process.env);
  if (healthTimer || healthMarked || target.kind !== 'launcher') return;
  const exitsBefore = hostExits;
  healthTimer = setTimeout(() => {
    healthTimer = null;
    if (!hostReady || !rendererConnected || hostExits !== exitsBefore) return scheduleHealthMark();
    try {
      markHealthy(target.dir, APP_VERSION);
      healthMarked = true;
      say('health mark written');
    } catch (e) {
      say(`health mark not written: ${e instanceof Error ? e.message : String(e)}`);
    }
  }, HEALTHY_AFTER_MS);
}

/** Restart or exit asked for by a technician in diagnostics mode (already PIN-checked and audited by the host). */
async function technicianRestart(mode: 'restart' | 'exit'): Promise<void> {
  if (quitting) return;
  quitting = true;
  say(`technician ${mode}`);
  await stopHost();
  // Under systemd, 76 tells the unit not to restart us (RestartPreventExitStatus=76).
  if (mode === 'exit') app.exit(restartMode(process.env) === 'exit-for-supervisor' ? 76 : 0);
  else restartApp();
}

function connectRenderer(): void {
  const go = () => {
    if (!host || !win) return;
    const { port1, port2 } = new MessageChannelMain();
    host.postMessage({ type: 'connect' }, [port1]);
    win.webContents.postMessage('kiosk:port', null, [port2]);
    rendererConnected = true;
  };
  if (hostReady) go();
  else waitingForHost.push(go);
}

function createWindow(): void {
  win = new BrowserWindow(kioskWindowOptions(join(compiledDir, 'preload.cjs'), { kiosk: KIOSK }));
  const wc = win.webContents;
  wc.on('render-process-gone', (_e, details) => {
    const action = rendererGoneAction(details.reason, crashes, Date.now());
    say(`renderer gone (${details.reason}): ${action}`);
    host?.postMessage({ type: 'renderer-crash', reason: details.reason });
    if (action === 'relaunch') {
      quitting = true;
      void stopHost().then(restartApp);
    } else if (action === 'reload') wc.reload();
  });
  wc.on('unresponsive', () => say('renderer unresponsive'));
  win.once('ready-to-show', () => win?.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => win?.focus());
  // Every webContents (the window, and anything that ever gets created) gets the same guards.
  app.on('web-contents-created', (_e, contents: WebContents) => hardenWebContents(contents as unknown as WebContentsLike, { kiosk: KIOSK }));
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
    hardenSession(session.defaultSession as unknown as SessionLike, contentSecurityPolicy(APP_ORIGIN));
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
  app.on('before-quit', () => {
    quitting = true;
    updater?.stop();
    host?.kill();
  });
  app.on('window-all-closed', () => app.quit());
}
