import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createDebug from 'debug';
import { KioskError } from '../../../contracts/errors.js';
import { findSystemTool, noteSubstitute } from '../test-support/system-tools.js';
import { nodePtyModule, startPtyRelay } from './pty-relay.js';

const log = createDebug('kiosk:sim:pty');

/**
 * Two linked pseudo-terminals: the simulators' "cable". `serialport` opens either end like a real
 * port. Made by `socat -d -d pty,raw,echo=0 pty,raw,echo=0` where socat is installed, otherwise by a
 * relay process on `@lydell/node-pty` (see pty-relay.ts) with the same behaviour.
 */
export interface PtyPair {
  /** The end the simulated device opens (a symlink to /dev/pts/N). */
  simPath: string;
  /** The end the driver opens, like a reader's /dev/ttyUSB0 (what a config's `path` names). */
  hostPath: string;
  /** Pull the cable (socat or the relay ends: both opened ends fail with EIO/hang-up) and remove a temp dir. Idempotent. */
  close(): Promise<void>;
}

/** What makes the cable: the system's socat (preferred), or the npm package @lydell/node-pty. */
export type PtyBackend = 'socat' | 'node-pty';

const socatWorks = new Map<string, boolean>();
let setprivChecked: boolean | null = null;
let relayNoted = false;

/**
 * True when `socat` can be run here (and system tools are not hidden with KIOSK_NO_SYSTEM_TOOLS=1).
 */
export function socatAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  const bin = findSystemTool('socat', [], env);
  if (bin === null) return false;
  let ok = socatWorks.get(bin);
  if (ok === undefined) {
    ok = spawnSync(bin, ['-V'], { stdio: 'ignore' }).status === 0;
    socatWorks.set(bin, ok);
  }
  return ok;
}

/**
 * Which backend {@link openPtyPair} uses here: socat when present (the system package stays
 * preferred), else node-pty; null when neither can make a pseudo-terminal (Windows), where the
 * simulators serve on in-memory pairs.
 */
export function ptyBackend(env: NodeJS.ProcessEnv = process.env): PtyBackend | null {
  if (socatAvailable(env)) return 'socat';
  return nodePtyModule() === null ? null : 'node-pty';
}

/** The skip reason of a test that needs a pseudo-terminal pair where none can be made (Windows). */
export const NO_PTY = '[needs pty] no pseudo-terminals on this platform (neither socat nor @lydell/node-pty)';

/** A cable can be made here (by either backend). */
export function ptyPairAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return ptyBackend(env) !== null;
}

/**
 * The command line that runs socat. Where util-linux's `setpriv` exists, socat gets a parent-death
 * signal: a host killed with SIGKILL (or crashing) takes its simulated cables with it instead of
 * leaving one orphaned socat per restart.
 */
export function socatCommand(args: string[]): [string, string[]] {
  if (setprivChecked === null) setprivChecked = spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0;
  return setprivChecked ? ['setpriv', ['--pdeathsig', 'KILL', '--', 'socat', ...args]] : ['socat', args];
}

/**
 * Make a cable with stable symlinks `sim` and `host` in `dir` and wait until both ends can be opened.
 * With a `dir` the paths survive {@link PtyPair.close} and a new pair, the same as a reader unplugged
 * and replugged under its /dev/serial/by-id name; without one a temp dir is made and removed on close.
 * `backend` defaults to {@link ptyBackend}. Rejects with `not-available` when neither backend can run
 * here, so callers can fall back, and `timeout` after `timeoutMs` (default 5000 for socat, 15000 for
 * the node-pty relay: a Node process took 1.5 to 6 s to start on a 2-core machine at load 13, where
 * socat takes milliseconds).
 */
export function openPtyPair(opts: { dir?: string; timeoutMs?: number; backend?: PtyBackend } = {}): Promise<PtyPair> {
  const backend = opts.backend ?? ptyBackend();
  if (backend === null) return Promise.reject(new KioskError('not-available', 'no pseudo-terminals here: neither socat nor @lydell/node-pty can run on this platform'));
  if (backend === 'node-pty') {
    // Named in the test summary only when chosen for want of socat, not when a test asks for it.
    if (opts.backend === undefined && !relayNoted) {
      relayNoted = true;
      noteSubstitute('socat (pseudo-terminal pairs)', '@lydell/node-pty pseudo-terminal pairs (a relay process)');
    }
    return openRelayPair(opts);
  }
  if (!socatAvailable()) return Promise.reject(new KioskError('not-available', 'socat is not installed (apt-get install -y socat)'));
  const timeoutMs = opts.timeoutMs ?? 5000;
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'kiosk-pty-'));
  const simPath = join(dir, 'sim');
  const hostPath = join(dir, 'host');
  const [cmd, args] = socatCommand(['-d', '-d', `pty,raw,echo=0,link=${simPath}`, `pty,raw,echo=0,link=${hostPath}`]);
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanup = () => {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) child.kill('SIGTERM');
      if (child.pid !== undefined) await exited;
      cleanup();
    })());

  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => fail(new KioskError('timeout', `socat did not start within ${timeoutMs} ms: ${stderr.trim()}`)), timeoutMs);
    const settle = () => {
      clearTimeout(timer);
      child.off('error', onError);
      child.off('exit', onExit);
    };
    const fail = (e: KioskError) => {
      settle();
      void close().then(() => reject(e));
    };
    const onError = (e: NodeJS.ErrnoException) =>
      fail(new KioskError(e.code === 'ENOENT' ? 'not-available' : 'device-error', `socat: ${e.message}`, false, { cause: e }));
    const onExit = (code: number | null) => fail(new KioskError('device-error', `socat exited (${code}): ${stderr.trim()}`));
    let started = false;
    child.stderr!.on('data', (d: Buffer) => {
      // Keep draining socat's log after start so it never blocks on a full pipe.
      if (started) return;
      stderr += d.toString();
      if (stderr.includes('starting data transfer loop') && existsSync(simPath) && existsSync(hostPath)) {
        started = true;
        settle();
        log('socat %d: %s ⇄ %s', child.pid, simPath, hostPath);
        resolve({ simPath, hostPath, close });
      }
    });
    child.once('error', onError);
    child.once('exit', onExit);
  });
}

async function openRelayPair(opts: { dir?: string; timeoutMs?: number }): Promise<PtyPair> {
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'kiosk-pty-'));
  const simPath = join(dir, 'sim');
  const hostPath = join(dir, 'host');
  try {
    const relay = await startPtyRelay({ simPath, hostPath, timeoutMs: opts.timeoutMs ?? 15_000 });
    let closing: Promise<void> | null = null;
    const close = (): Promise<void> =>
      (closing ??= relay.close().then(() => {
        if (ownDir) rmSync(dir, { recursive: true, force: true });
      }));
    return { simPath, hostPath, close };
  } catch (e) {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
