// electron-updater glue: background download from the configured generic server; the decision of
// when to install lives in update-policy.ts (only at the nightly restart). Nothing downloaded is
// installed before its detached signature checked out (update-verify.ts); under the launcher the
// verified AppImage is staged for it, so a build that cannot start is rolled back there too.
import { rmSync } from 'node:fs';
import electronUpdater from 'electron-updater';
import { UpdateKeys } from '../host/fleet/update-keys.js';
import { installTarget, stageUpdate } from './fleet-installer.js';
import { nightlyRestartAction, shouldCheckForUpdates, updateFeed, updaterSettings, type UpdateState } from './update-policy.js';
import { acceptDownloaded, fetchSmallText, type DownloadedInfo } from './update-verify.js';

const CHECK_EVERY_MS = 4 * 60 * 60_000;
/** The running updater: what it downloaded, and the restart that applies it. */
export interface KioskUpdater {
  state(): UpdateState;
  /** Install a downloaded, verified update (true: the app is quitting into it), or do nothing and let the caller relaunch (false). */
  applyAtRestart(): Promise<boolean>;
  stop(): void;
}

/** Start background checks and downloads; null when the config names no update server. */
export function startUpdater(updates: { url?: string; channel: string }, currentVersion: string, dataDir: string, log: (line: string) => void): KioskUpdater | null {
  const feed = updateFeed(updates);
  if (!feed) return null;
  const { autoUpdater } = electronUpdater;
  Object.assign(autoUpdater, updaterSettings(feed));
  autoUpdater.setFeedURL(feed);
  let downloaded: { version: string; file: string; sha256: string } | null = null;
  let lastCheckAt: number | null = null;
  autoUpdater.on('update-downloaded', (info: DownloadedInfo) => {
    // The key is read at each download (a rotation since start counts); a throw there refuses the update.
    Promise.resolve()
      .then(() => acceptDownloaded(feed.url, info, UpdateKeys.load(dataDir).current(), (url) => fetchSmallText(url)))
      .then((d) => {
        downloaded = d;
        log(`update ${info.version} downloaded and its signature verified; it is installed at the nightly restart`);
      })
      .catch((e: unknown) => {
        downloaded = null;
        log(`update ${info.version} refused: ${e instanceof Error ? e.message : String(e)}`);
        rmSync(info.downloadedFile, { force: true });
      });
  });
  autoUpdater.on('error', (e: Error) => log(`update check failed: ${e.message}`));
  const check = () => {
    if (!shouldCheckForUpdates(lastCheckAt, Date.now(), CHECK_EVERY_MS)) return;
    lastCheckAt = Date.now();
    autoUpdater.checkForUpdates().catch((e: unknown) => log(`update check failed: ${e instanceof Error ? e.message : String(e)}`));
  };
  check();
  const timer = setInterval(check, 15 * 60_000);
  const state = (): UpdateState => ({ currentVersion, downloadedVersion: downloaded?.version ?? null });
  return {
    state,
    applyAtRestart: async () => {
      const d = downloaded;
      if (!d || nightlyRestartAction(state()) !== 'install-update') return false;
      const target = installTarget(process.env);
      if (target.kind === 'launcher') {
        // The launcher installs it at the next start and rolls it back if it does not come up healthy.
        await stageUpdate(target.dir, d.file, d.sha256);
        log(`update ${d.version} staged for the launcher`);
        return false;
      }
      // Silent install, then run the new version (isSilent, isForceRunAfter).
      autoUpdater.quitAndInstall(true, true);
      return true;
    },
    stop: () => clearInterval(timer),
  };
}
