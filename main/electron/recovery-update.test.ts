import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextRestartDelay, RendererCrashBudget, rendererGoneAction, restartMode } from './recovery.js';
import { compareVersions, nightlyRestartAction, shouldCheckForUpdates, updateFeed, updaterSettings } from './update-policy.js';

describe('renderer recovery', () => {
  it('reloads on a crash, relaunches on the third within ten minutes, ignores a clean exit', () => {
    const b = new RendererCrashBudget(3, 10 * 60_000);
    assert.equal(rendererGoneAction('clean-exit', b, 0), 'none');
    assert.equal(rendererGoneAction('crashed', b, 0), 'reload');
    assert.equal(rendererGoneAction('oom', b, 60_000), 'reload');
    assert.equal(rendererGoneAction('killed', b, 120_000), 'relaunch');
    const fresh = new RendererCrashBudget(3, 10 * 60_000);
    assert.equal(rendererGoneAction('crashed', fresh, 0), 'reload');
    assert.equal(rendererGoneAction('crashed', fresh, 11 * 60_000), 'reload');
    assert.equal(rendererGoneAction('crashed', fresh, 12 * 60_000), 'reload', 'the first crash fell out of the window');
    assert.equal(rendererGoneAction('launch-failed', new RendererCrashBudget(3, 1), 0), 'relaunch');
  });

  it('under systemd exits for the unit to restart it, elsewhere relaunches itself', () => {
    assert.equal(restartMode({ INVOCATION_ID: 'abc' }), 'exit-for-supervisor');
    assert.equal(restartMode({ KIOSK_SUPERVISED: '1' }), 'exit-for-supervisor');
    assert.equal(restartMode({}), 'relaunch');
  });

  it('restarts the host with doubling back-off capped at 30 s', () => {
    assert.deepEqual([1, 2, 3, 4, 6, 7, 20].map(nextRestartDelay), [500, 1000, 2000, 4000, 16_000, 30_000, 30_000]);
  });
});

describe('updates', () => {
  it('use the generic provider from config, or are off without a URL', () => {
    assert.equal(updateFeed({ channel: 'latest' }), null);
    const feed = updateFeed({ url: 'https://updates.example.gov.cn/kiosk/', channel: 'beta' })!;
    assert.deepEqual(feed, { provider: 'generic', url: 'https://updates.example.gov.cn/kiosk', channel: 'beta' });
    const s = updaterSettings(feed);
    assert.equal(s.autoDownload, true, 'downloaded in the background');
    assert.equal(s.autoInstallOnAppQuit, false, 'never installed on an ordinary quit');
    assert.equal(s.allowDowngrade, false);
    assert.equal(s.allowPrerelease, true);
    assert.equal(updaterSettings({ ...feed, channel: 'latest' }).allowPrerelease, false);
  });

  it('apply only a newer downloaded version at the nightly restart', () => {
    assert.equal(nightlyRestartAction({ currentVersion: '0.1.0', downloadedVersion: null }), 'relaunch');
    assert.equal(nightlyRestartAction({ currentVersion: '0.1.0', downloadedVersion: '0.1.1' }), 'install-update');
    assert.equal(nightlyRestartAction({ currentVersion: '0.2.0', downloadedVersion: '0.1.9' }), 'relaunch');
    assert.equal(nightlyRestartAction({ currentVersion: '0.2.0', downloadedVersion: '0.2.0' }), 'relaunch');
  });

  it('compare versions and pace the checks', () => {
    assert.equal(compareVersions('1.10.0', '1.9.9'), 1);
    assert.equal(compareVersions('1.0.0-beta.1', '1.0.0'), -1);
    assert.equal(compareVersions('v2.0', '2.0.0'), 0);
    assert.equal(shouldCheckForUpdates(null, 0, 1000), true);
    assert.equal(shouldCheckForUpdates(0, 999, 1000), false);
    assert.equal(shouldCheckForUpdates(0, 1000, 1000), true);
  });
});
