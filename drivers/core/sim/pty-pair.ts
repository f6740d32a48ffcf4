import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createDebug from 'debug';
import { KioskError } from '../../../contracts/errors.js';
import { findSystemTool, noteSubstitute } from '../test-support/system-tools.js';

const log = createDebug('kiosk:sim:pty');

/**
 * Two linked pseudo-terminals from `socat -d -d pty,raw,echo=0 pty,raw,echo=0`: the simulators'
 * "cable". `serialport` opens either end like a real port.
 */
export interface PtyPair {
  /** The end the simulated device opens (a symlink to /dev/pts/N). */
  simPath: string;
  /** The end the driver opens, like a reader's /dev/ttyUSB0 (what a config's `path` names). */
  hostPath: string;
  /** Kill socat (the cable is pulled: both ends fail with EIO) and remove a temp dir. Idempotent. */
  close(): Promise<void>;
}

let socatChecked: boolean | null = null;
let setprivChecked: boolean | null = null;

/**
 * True when `socat` can be run here (and system tools are not hidden with KIOSK_NO_SYSTEM_TOOLS=1).
 * Without it the simulators serve on an in-memory pair, which the test summary names.
 */
export function socatAvailable(): boolean {
  if (socatChecked === null) {
    const bin = findSystemTool('socat');
    socatChecked = bin !== null && spawnSync(bin, ['-V'], { stdio: 'ignore' }).status === 0;
    if (!socatChecked) noteSubstitute('socat (pseudo-terminal pairs)', 'in-memory serial pairs (the pty-only tests say [needs socat])');
  }
  return socatChecked;
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
 * Start socat with stable symlinks `sim` and `host` in `dir` and wait for its "starting data
 * transfer loop". With a `dir` the paths survive {@link PtyPair.close} and a new pair, the same as a
 * reader unplugged and replugged under its /dev/serial/by-id name; without one a temp dir is made
 * and removed on close. Rejects with `not-available` when socat is missing, so callers can fall back.
 */
export function openPtyPair(opts: { dir?: string; timeoutMs?: number } = {}): Promise<PtyPair> {
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
