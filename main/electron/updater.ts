// electron-updater glue: background download from the configured generic server; the decision of
// when to install lives in update-policy.ts (only at the nightly restart).
import electronUpdater from 'electron-updater';
import { nightlyRestartAction, shouldCheckForUpdates, updateFeed, updaterSettings, type UpdateState } from './update-policy.js';

const CHECK_EVERY_MS = 4 * 60 * 60_000;

/** The running updater: what it downloaded, and the restart that applies it. */
export interface KioskUpdater {
  state(): UpdateState;
  /** Quit and install a downloaded update (true), or do nothing and let the caller relaunch (false). */
  applyAtRestart(): boolean;
  stop(): void;
}

/** Start background checks and downloads; null when the config names no update server. */
export function startUpdater(updates: { url?: string; channel: string }, currentVersion: string, log: (line: string) => void): KioskUpdater | null {
  const feed = updateFeed(updates);
  if (!feed) return null;
  const { autoUpdater } = electronUpdater;
  Object.assign(autoUpdater, updaterSettings(feed));
  autoUpdater.setFeedURL(feed);
  let downloadedVersion: string | null = null;
  let lastCheckAt: number | null = null;
  autoUpdater.on('update-downloaded', (info: { version: string }) => {
    downloadedVersion = info.version;
    log(`update ${info.version} downloaded; it is installed at the nightly restart`);
  });
  autoUpdater.on('error', (e: Error) => log(`update check failed: ${e.message}`));
  const check = () => {
    if (!shouldCheckForUpdates(lastCheckAt, Date.now(), CHECK_EVERY_MS)) return;
    lastCheckAt = Date.now();
    autoUpdater.checkForUpdates().catch((e: unknown) => log(`update check failed: ${e instanceof Error ? e.message : String(e)}`));
  };
  check();
  const timer = setInterval(check, 15 * 60_000);
  const state = (): UpdateState => ({ currentVersion, downloadedVersion });
  return {
    state,
    applyAtRestart: () => {
      if (nightlyRestartAction(state()) !== 'install-update') return false;
      // Silent install, then run the new version (isSilent, isForceRunAfter).
      autoUpdater.quitAndInstall(true, true);
      return true;
    },
    stop: () => clearInterval(timer),
  };
}
