#!/usr/bin/env node
// `npm start`: the kiosk on whatever this machine has.
//  1. the Electron shell, when the Electron binary is installed;
//  2. else the browser host plus a system Chromium in kiosk/app mode, when one exists and a display does;
//  3. else the browser host alone, printing its URL.
// It builds what it needs first, and prints a sentence, never a stack trace, when something is missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRendererBuilt } from './ensure-built.mjs';

const passArgs = process.argv.slice(2);
const say = (s) => process.stderr.write(`kiosk: ${s}\n`);

function electronBinary() {
  try {
    if (!existsSync('node_modules/electron/path.txt')) return null;
    const p = join('node_modules/electron/dist', spawnSync(process.execPath, ['-p', "require('fs').readFileSync('node_modules/electron/path.txt','utf8')"]).stdout.toString().trim());
    return existsSync(p) ? p : null;
  } catch (e) {
    say(`cannot check for Electron (${e.message})`);
    return null;
  }
}

function findChromium() {
  // A CHROMIUM_PATH that names nothing is a mistake to report, not a reason to open some other browser.
  if (process.env.CHROMIUM_PATH) {
    if (existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
    say(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
    process.exit(1);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'].find((p) => existsSync(p));
}

/** The throw-away Chromium profile npm start made; removed when npm start ends. */
let chromiumProfile = null;
function removeChromiumProfile() {
  if (!chromiumProfile) return;
  try {
    rmSync(chromiumProfile, { recursive: true, force: true });
  } catch (e) {
    say(`could not remove the Chromium profile ${chromiumProfile} (${e.message})`);
  }
  chromiumProfile = null;
}
process.on('exit', removeChromiumProfile);
if (process.env.CHROMIUM_PATH && !existsSync(process.env.CHROMIUM_PATH)) findChromium();

if (!ensureRendererBuilt()) {
  say('the renderer failed to build (see above)');
  process.exit(1);
}

const electron = electronBinary();
if (electron && process.env.KIOSK_SHELL !== 'browser') {
  say('starting the Electron shell');
  const b = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.electron.json'], { stdio: 'inherit' });
  if (b.status !== 0) {
    say('the Electron shell failed to compile');
    process.exit(1);
  }
  const child = spawn(electron, ['.', ...passArgs], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
} else {
  let browser = null;
  let host = null;
  // npm start supervises the browser host: exit code 75 is a technician's restart from diagnostics;
  // 70 is the host's last resort after an uncaught error (main/host/last-resort.ts): restart it too,
  // but not in a tight loop.
  const RESTART = 75;
  const CRASHED = 70;
  const crashes = [];
  const runHost = () => {
    host = spawn(process.execPath, ['tools/host.mjs', ...passArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buffered = '';
    host.stdout.on('data', (d) => {
      process.stdout.write(d);
      buffered += d.toString();
      const m = /kiosk ready at (\S+)/.exec(buffered);
      if (!m || browser !== null) return;
      const chromium = findChromium();
      const display = process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
      if (chromium && display && process.env.KIOSK_NO_BROWSER !== '1') {
        say(`opening ${m[1]} in ${chromium} (kiosk mode)`);
        chromiumProfile = mkdtempSync(join(tmpdir(), 'kiosk-chromium-'));
        browser = spawn(chromium, [
          `--app=${m[1]}`, '--kiosk', '--no-first-run', '--disable-background-networking', '--disable-component-update',
          '--disable-sync', '--disable-pinch', '--overscroll-history-navigation=0', '--noerrdialogs', '--disable-translate',
          `--user-data-dir=${chromiumProfile}`,
        ], { stdio: 'ignore' });
        browser.on('error', (e) => say(`could not start Chromium (${e.message}); open ${m[1]} yourself`));
      } else {
        browser = false;
        say(`no ${chromium ? 'display' : 'Chromium'} here: open ${m[1]} in a browser (Electron is not installed: see docs/setup.md, "Running under Electron")`);
      }
    });
    host.on('exit', (code) => {
      if (code === RESTART) {
        say('restarting the host (technician request)');
        runHost();
        return;
      }
      if (code === CRASHED) {
        const now = Date.now();
        crashes.push(now);
        while (crashes.length && crashes[0] < now - 60_000) crashes.shift();
        if (crashes.length <= 5) {
          say(`the host stopped after an uncaught error; restarting it (${crashes.length} in the last minute)`);
          setTimeout(runHost, 1000 * crashes.length);
          return;
        }
        say('the host keeps failing (more than 5 times in a minute): giving up; see the log in <dataDir>/logs');
      }
      if (browser) browser.kill();
      process.exit(code ?? 0);
    });
  };
  runHost();
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => host.kill(s));
}
