// Updates on the Electron shell go through the launcher (build/linux/openkiosk-launcher.sh), which
// outlives every build: the app only stages a verified package in the launcher's folder and exits;
// the launcher installs it, keeps the previous build, and goes back to it when the new one does not
// come up healthy. Plain file operations (no Electron import), so the tests run without Electron.
import { chmodSync, copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256File } from '../host/fleet/update-signature.js';

/** Where updates are staged: the launcher exports its state folder to the build it runs. */
export function installTarget(env: NodeJS.ProcessEnv): { kind: 'launcher'; dir: string } | { kind: 'unsupported'; reason: string } {
  if (env.KIOSK_LAUNCHER_DIR) return { kind: 'launcher', dir: env.KIOSK_LAUNCHER_DIR };
  return {
    kind: 'unsupported',
    reason: 'this kiosk is not started by openkiosk-launcher, which installs updates and rolls a broken one back; fleet updates need it',
  };
}

/**
 * Stage a verified build for the launcher's next start. The copy is hashed again against the signed
 * SHA-256, so what the launcher installs is exactly what was verified, whoever touched the file since.
 */
export async function stageUpdate(dir: string, file: string, sha256: string): Promise<void> {
  const tmp = join(dir, 'pending.AppImage.tmp');
  try {
    copyFileSync(file, tmp);
    const got = await sha256File(tmp);
    if (got !== sha256) throw new Error('the staged copy does not match the verified package');
    chmodSync(tmp, 0o755);
    renameSync(tmp, join(dir, 'pending.AppImage'));
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The app is up: ends the launcher's probation of a new build. */
export function markHealthy(dir: string, version: string): void {
  writeFileSync(join(dir, 'healthy'), `${version} ${new Date().toISOString()}\n`);
}

/** Why the launcher went back to the previous build, once (the note is removed when read). */
export function takeRollbackNote(dir: string): string | null {
  const f = join(dir, 'rolled-back');
  if (!existsSync(f)) return null;
  const reason = readFileSync(f, 'utf8').trim().slice(0, 300);
  rmSync(f, { force: true });
  return reason || 'the launcher went back to the previous build';
}
