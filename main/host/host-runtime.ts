import createDebug from 'debug';
import { PROTOCOL_VERSION } from '../../contracts/protocol.js';
import { HeartbeatClient } from './heartbeat-client.js';
import type { Host } from './host.js';
import { isIdle, NightlyRestartScheduler } from './nightly-restart.js';
import { APP_VERSION } from './version.js';
import { startFleet, type FleetClient } from './fleet/index.js';
import type { FirmwareInstaller } from './fleet/firmware-update.js';

const log = createDebug('kiosk:runtime');

/** Options of {@link startHostRuntime}. */
export interface HostRuntimeOptions {
  /**
   * Called once when the nightly restart is due and the kiosk is idle; the shell restarts (Electron
   * relaunches, applying a downloaded update; the browser host exits for its supervisor). Omitted:
   * no nightly restart in this shell.
   */
  onNightlyRestart?: () => void;
  /** Extra version strings for the heartbeat (`electron`, `chrome`…). */
  versions?: Record<string, string>;
  /** The shell's installer for fleet (OTA) updates; omitted: OTA reports FAILED with the reason. */
  fleetInstaller?: FirmwareInstaller;
}

/** The running parts around the host that keep a kiosk in service: fleet heartbeat and nightly restart. */
export interface HostRuntime {
  heartbeat: HeartbeatClient;
  nightly: NightlyRestartScheduler | null;
  /** The ThingsBoard connection (docs/protocol.md §5), or null without a `fleet:` config. */
  fleet: FleetClient | null;
  /** The kiosk counts as idle now (no session, nothing in flight, quiet for `maintenance.idleQuietSec`). */
  idle(): boolean;
  stop(): void;
}

/** Start the heartbeat and the nightly-restart scheduler for a created host (both shells call this). */
export function startHostRuntime(host: Host, opts: HostRuntimeOptions = {}): HostRuntime {
  const c = host.config;
  const idle = () => isIdle(host.activity(), Date.now(), c.maintenance.idleQuietSec * 1000);
  const heartbeat = new HeartbeatClient({
    url: host.queue.backendUrl,
    token: c.backend.token,
    kioskId: c.kioskId,
    bootId: host.bootId,
    intervalMs: Math.round(c.heartbeat.intervalMin * 60_000),
    debounceMs: Math.round(c.heartbeat.urgentDebounceSec * 1000),
    queueStuckMs: c.heartbeat.queueStuckMin * 60_000,
    versions: { app: APP_VERSION, protocol: String(PROTOCOL_VERSION), node: process.versions.node, ...opts.versions },
    source: {
      snapshot: () => ({ devices: host.hub.statuses(), queue: host.queue.view(), idle: idle(), uptimeSec: (Date.now() - host.startedAt.getTime()) / 1000 }),
      onDidChange: (l) => {
        const a = host.hub.onDidChangeStatus(() => l());
        const b = host.queue.onDidChange(() => l());
        return { dispose: () => (a.dispose(), b.dispose()) };
      },
    },
  });
  heartbeat.start();
  let nightly: NightlyRestartScheduler | null = null;
  const onRestart = opts.onNightlyRestart;
  if (onRestart && c.maintenance.nightlyRestartHour !== null) {
    nightly = new NightlyRestartScheduler({
      hour: c.maintenance.nightlyRestartHour,
      windowMin: c.maintenance.windowMin,
      bootedAt: host.startedAt,
      idle,
      onRestart: () => {
        log('nightly restart: the kiosk is idle inside the window');
        onRestart();
      },
    });
    nightly.start();
  }
  // A fleet `restart` takes the technician's restart path (both shells act on diag.restartRequested).
  const fleet = startFleet(host, { appVersion: APP_VERSION, restart: () => host.emit('diag.restartRequested', { mode: 'restart' }), installer: opts.fleetInstaller });
  if (fleet) host.state.setFleetStatusSource(() => fleet.status);
  return {
    heartbeat,
    nightly,
    fleet,
    idle,
    stop: () => {
      heartbeat.stop();
      nightly?.stop();
      void fleet?.stop();
    },
  };
}
