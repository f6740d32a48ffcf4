import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, renameSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import createDebug from 'debug';
import { KioskError } from '../../../contracts/errors.js';

const log = createDebug('kiosk:sim:pty');

/**
 * The relay behind a cable made with `@lydell/node-pty` (where socat is missing), run as its own
 * `node -e` process. Plain CommonJS in a string on purpose: a separate TypeScript file would need tsx
 * in the child (over a second of start-up per cable on a loaded 2-core machine) and would not exist in
 * a build unless copied.
 *
 * It opens two pseudo-terminals (node-pty's `open()`: openpty(3), no child process), sets each raw
 * (no echo, no line editing, no CR/LF mapping or flow-control characters, like socat's
 * `raw,echo=0`) and keeps its slave open without ever reading it, so the device and the driver that
 * open /dev/pts/N are its only readers and closing one of them does not end the cable. Bytes read
 * from either master are written unchanged to the other (`encoding: null`: Buffers, never decoded).
 * It reports `{"sim":…,"host":…}` (or `{"error":…,"message":…}`) as one JSON line.
 *
 * Its own process, not in the host: node-pty leaves master descriptors inheritable, so every later
 * child of the host (another cable's relay, a broker, a browser) would keep a copy and a pulled cable
 * would stay plugged in. The relay starts no process, so its descriptors are its alone: when it exits
 * (SIGTERM from close(), its stdin closing because the host exited, even by SIGKILL, or being killed)
 * the kernel closes the masters and both slaves hang up, as when socat is killed.
 */
export const RELAY_SOURCE = String.raw`'use strict';
const fs = require('fs');
const tty = require('tty');
const report = (o) => process.stdout.write(JSON.stringify(o) + '\n');
let pty;
try {
  pty = require(process.env.KIOSK_PTY_MODULE);
} catch (e) {
  report({ error: 'not-available', message: 'node-pty cannot be loaded here: ' + e.message });
  process.exit(2);
}
const ends = [0, 1].map(() => {
  const t = pty.open({ encoding: null });
  // node-pty reads the slave it opened (from the next tick on): that would take the bytes meant for
  // whoever opens /dev/pts/N. Hold the slave with a descriptor that is never read, then drop its stream.
  const hold = new tty.ReadStream(fs.openSync(t.ptsName, fs.constants.O_RDWR | fs.constants.O_NOCTTY));
  hold.setRawMode(true);
  t.slave.destroy();
  return { name: t.ptsName, master: t.master, hold };
});
// Whatever ends this process ends the cable: the kernel closes every descriptor.
process.on('SIGTERM', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(1));
process.stdin.resume();
// While one side is not read (its kernel buffer full) the other is not read either, as socat does,
// so memory stays bounded.
function relay(from, to) {
  from.master.on('data', (d) => {
    if (!to.master.write(d)) {
      from.master.pause();
      to.master.once('drain', () => from.master.resume());
    }
  });
  from.master.on('error', (e) => {
    process.stderr.write('master ' + from.name + ': ' + e.message + '\n');
    process.exit(1);
  });
}
relay(ends[0], ends[1]);
relay(ends[1], ends[0]);
report({ sim: ends[0].name, host: ends[1].name });
`;

let ptyModule: string | null | undefined;

/**
 * Where `@lydell/node-pty` is, or null where it cannot make a cable: Windows (its ptys are ConPTY
 * consoles, not serial devices) or the package missing. Whether its prebuilt binary loads is only known
 * once the relay tries, which then rejects with `not-available`.
 */
export function nodePtyModule(): string | null {
  if (ptyModule === undefined) {
    if (process.platform === 'win32') ptyModule = null;
    else {
      try {
        ptyModule = createRequire(import.meta.url).resolve('@lydell/node-pty');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
        ptyModule = null;
      }
    }
  }
  return ptyModule;
}

/** Point `link` at `target`, replacing what is there (a stale link from a crashed run) atomically. */
function relink(target: string, link: string): void {
  const tmp = `${link}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  symlinkSync(target, tmp);
  renameSync(tmp, link);
}

/**
 * Start a relay and link `simPath` and `hostPath` to its two ends. Resolves with `close()`, which
 * pulls the cable (both ends opened by anyone fail, as with socat killed) and removes the links, as
 * socat does with its own on exit. Rejects with `not-available` when node-pty cannot run here, and
 * `timeout` when the relay does not report its ends within `timeoutMs`.
 */
export function startPtyRelay(opts: { simPath: string; hostPath: string; timeoutMs: number }): Promise<{ pid: number; close(): Promise<void> }> {
  const mod = nodePtyModule();
  if (mod === null) return Promise.reject(new KioskError('not-available', '@lydell/node-pty is not installed for this platform'));
  // NODE_OPTIONS may load tsx or a debugger: the relay needs neither. ELECTRON_RUN_AS_NODE: inside the
  // Electron shell, process.execPath is Electron, which runs this as plain Node with it.
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1', KIOSK_PTY_MODULE: mod };
  delete env.NODE_OPTIONS;
  // argv0 and the link paths make the relay recognisable in `ps`.
  const child: ChildProcess = spawn(process.execPath, ['-e', RELAY_SOURCE, opts.simPath, opts.hostPath], {
    argv0: 'kiosk-pty-relay',
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // 'close', not 'exit': a report written just before exiting is read first.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    // Keep draining after start so the relay never blocks on a full pipe; keep the tail for errors.
    stderr = (stderr + d.toString()).slice(-2000);
    log('relay %d: %s', child.pid, d.toString().trim());
  });
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) child.kill('SIGTERM');
      if (child.pid !== undefined) await exited;
      rmSync(opts.simPath, { force: true });
      rmSync(opts.hostPath, { force: true });
    })());

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new KioskError('timeout', `the pty relay did not start within ${opts.timeoutMs} ms: ${stderr.trim()}`)), opts.timeoutMs);
    const settle = () => {
      clearTimeout(timer);
      child.off('error', onError);
      child.off('close', onExit);
    };
    const fail = (e: KioskError) => {
      settle();
      void close().then(() => reject(e));
    };
    const onError = (e: Error) => fail(new KioskError('device-error', `pty relay: ${e.message}`, false, { cause: e }));
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      if (!answered) fail(new KioskError('device-error', `the pty relay exited (${code ?? signal}): ${stderr.trim()}`));
    };
    let out = '';
    let answered = false;
    child.stdout!.on('data', (d: Buffer) => {
      if (answered) return;
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      answered = true;
      let msg: { sim?: unknown; host?: unknown; error?: unknown; message?: unknown };
      try {
        msg = JSON.parse(out.slice(0, nl)) as typeof msg;
      } catch (e) {
        fail(new KioskError('device-error', `pty relay: unreadable report ${JSON.stringify(out.slice(0, 200))}`, false, { cause: e }));
        return;
      }
      if (typeof msg.sim !== 'string' || typeof msg.host !== 'string') {
        const code = msg.error === 'not-available' ? 'not-available' : 'device-error';
        fail(new KioskError(code, `pty relay: ${typeof msg.message === 'string' ? msg.message : JSON.stringify(msg)}`));
        return;
      }
      try {
        relink(msg.sim, opts.simPath);
        relink(msg.host, opts.hostPath);
      } catch (e) {
        fail(new KioskError('device-error', `pty relay: cannot link its ends: ${(e as Error).message}`, false, { cause: e }));
        return;
      }
      settle();
      log('relay %d: %s ⇄ %s', child.pid, opts.simPath, opts.hostPath);
      resolve({ pid: child.pid!, close });
    });
    child.once('error', onError);
    child.once('close', onExit);
  });
}
