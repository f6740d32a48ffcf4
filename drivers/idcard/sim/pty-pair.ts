import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import createDebug from 'debug';

const log = createDebug('kiosk:idcard:pty');

/** Two linked pseudo-terminals from `socat -d -d pty,raw,echo=0 pty,raw,echo=0`. */
export interface PtyPair {
  /** The end the simulated device opens (a symlink to /dev/pts/N). */
  devicePath: string;
  /** The end the driver opens, like a reader's /dev/ttyUSB0. */
  hostPath: string;
  /** Kill socat (the "cable" is pulled: both ends fail with EIO). Idempotent. */
  kill(): Promise<void>;
}

let socatChecked: boolean | null = null;

/** True when `socat` can be run here. */
export function socatAvailable(): boolean {
  if (socatChecked === null) socatChecked = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
  return socatChecked;
}

/**
 * Spawn socat with two raw, echo-free ptys whose names are stable symlinks in `dir`
 * (`dir/device`, `dir/host`), so a restart after {@link PtyPair.kill} gives the same paths: the
 * same as a reader being unplugged and replugged under its /dev/serial/by-id name.
 */
export async function spawnPtyPair(dir: string, timeoutMs = 5000): Promise<PtyPair> {
  const devicePath = join(dir, 'device');
  const hostPath = join(dir, 'host');
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${hostPath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`socat did not start within ${timeoutMs} ms: ${stderr.trim()}`)), timeoutMs);
    const done = (err?: Error) => {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.off('error', onError);
      child.off('exit', onExit);
      if (err) {
        child.kill();
        reject(err);
      } else resolve();
    };
    // socat logs "starting data transfer loop" once both ptys (and their links) exist.
    const onData = (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('starting data transfer loop') && existsSync(devicePath) && existsSync(hostPath)) done();
    };
    const onError = (e: Error) => done(e);
    const onExit = (code: number | null) => done(new Error(`socat exited (${code}): ${stderr.trim()}`));
    child.stderr?.on('data', onData);
    child.once('error', onError);
    child.once('exit', onExit);
  });
  // Keep draining socat's log so it never blocks on a full pipe.
  child.stderr?.on('data', () => undefined);
  log('socat %d: %s ⇄ %s', child.pid, devicePath, hostPath);
  let killed = false;
  return {
    devicePath,
    hostPath,
    kill: async () => {
      if (!killed) {
        killed = true;
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      }
      await exited;
    },
  };
}
