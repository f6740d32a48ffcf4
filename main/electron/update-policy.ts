/**
 * Update decisions as pure functions (electron-updater does the HTTP and the install). Updates come
 * from a generic HTTP server named in the config (`updates.url`, `updates.channel`), download in
 * the background, and are applied only at the nightly restart — never under a citizen's hands.
 */

/** What electron-updater's `setFeedURL` gets (the `generic` provider: latest-linux.yml etc. on a plain server). */
export interface GenericFeed {
  provider: 'generic';
  url: string;
  channel: string;
}

/** The feed for a config's `updates` section, or null when updates are off (no URL). */
export function updateFeed(updates: { url?: string; channel: string }): GenericFeed | null {
  if (!updates.url) return null;
  return { provider: 'generic', url: updates.url.replace(/\/+$/, ''), channel: updates.channel };
}

/** How the updater is set up: download in the background, never install on a normal quit. */
export function updaterSettings(feed: GenericFeed): { autoDownload: boolean; autoInstallOnAppQuit: boolean; autoRunAppAfterInstall: boolean; allowDowngrade: boolean; allowPrerelease: boolean } {
  return { autoDownload: true, autoInstallOnAppQuit: false, autoRunAppAfterInstall: true, allowDowngrade: false, allowPrerelease: feed.channel !== 'latest' };
}

/** What the app knows about updates right now. */
export interface UpdateState {
  currentVersion: string;
  /** Version fully downloaded and verified (electron-updater's `update-downloaded`), or null. */
  downloadedVersion: string | null;
}

/** At the nightly restart: install a downloaded newer version, or just relaunch. */
export function nightlyRestartAction(s: UpdateState): 'install-update' | 'relaunch' {
  if (s.downloadedVersion && compareVersions(s.downloadedVersion, s.currentVersion) > 0) return 'install-update';
  return 'relaunch';
}

/** Look for an update when never looked, or the last look is older than `everyMs`. */
export function shouldCheckForUpdates(lastCheckAt: number | null, now: number, everyMs: number): boolean {
  return lastCheckAt === null || now - lastCheckAt >= everyMs;
}

/** Compare dotted versions numerically (a pre-release suffix sorts before its release). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = '', pre] = v.replace(/^v/, '').split('-', 2);
    return { nums: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre: pre ?? null };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.nums.length, y.nums.length); i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre < y.pre ? -1 : 1;
}
