// Fleet OTA on the Electron shell: the host verified the package (main/host/fleet/firmware-update.ts);
// here it replaces the running AppImage, keeping the previous one beside it for a rollback. Plain
// file operations (no Electron import), so the tests run without the Electron binary.
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';

/** Where the running build lives: electron-builder's AppImage runtime sets `APPIMAGE`. */
export function installTarget(env: NodeJS.ProcessEnv): { kind: 'appimage'; path: string } | { kind: 'unsupported'; reason: string } {
  if (env.APPIMAGE) return { kind: 'appimage', path: env.APPIMAGE };
  return { kind: 'unsupported', reason: 'fleet updates install over an AppImage; deb and NSIS builds update through updates.url (electron-updater)' };
}

const previousOf = (path: string) => `${path}.previous`;

/**
 * Put `incoming` in place of `current`, the old build kept as `current.previous`. Each step is a
 * rename on the same file system, so a power cut leaves either build whole.
 */
export function swapAppImage(current: string, incoming: string): void {
  const staged = `${current}.new`;
  copyFileSync(incoming, staged);
  chmodSync(staged, 0o755);
  rmSync(previousOf(current), { force: true });
  copyFileSync(current, previousOf(current));
  chmodSync(previousOf(current), 0o755);
  renameSync(staged, current);
}

/** Put the kept previous build back (the new one did not come up healthy). */
export function restorePrevious(current: string): boolean {
  const prev = previousOf(current);
  if (!existsSync(prev)) return false;
  renameSync(prev, current);
  return true;
}
