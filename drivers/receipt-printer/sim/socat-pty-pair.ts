import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KioskError } from '../../../contracts/errors.js';

/** Two linked pseudo-terminals from `socat -d -d pty,raw,echo=0 pty,raw,echo=0`. */
export interface PtyPair {
  /** The end the driver opens (what a config's `path` names). */
  devicePath: string;
  /** The end the simulator opens. */
  simPath: string;
  close(): Promise<void>;
}

/**
 * Start socat with stable symlinks in a temp dir and wait for its "starting data transfer loop".
 * Rejects with `not-available` when socat is missing, so callers can fall back.
 */
export function openPtyPair(timeoutMs = 5000): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-pty-'));
  const devicePath = join(dir, 'device');
  const simPath = join(dir, 'sim');
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${simPath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        cleanup();
        return resolve();
      }
      child.once('exit', () => {
        cleanup();
        resolve();
      });
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let log = '';
    let started = false;
    const timer = setTimeout(() => {
      void close();
      reject(new KioskError('timeout', `socat did not start within ${timeoutMs} ms: ${log.trim()}`));
    }, timeoutMs);
    child.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      cleanup();
      reject(new KioskError(e.code === 'ENOENT' ? 'not-available' : 'device-error', `socat: ${e.message}`, false, { cause: e }));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new KioskError('device-error', `socat exited (${code}): ${log.trim()}`));
    });
    child.stderr!.on('data', (d: Buffer) => {
      if (started) return;
      log += d.toString();
      if (log.includes('starting data transfer loop')) {
        started = true;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ devicePath, simPath, close });
      }
    });
  });
}
