// The host inside an Electron utilityProcess: the same Host as the browser host, reached through
// MessagePorts that the main process hands over, one per renderer connection.
import { ConfigError, EX_CONFIG, loadConfig } from '../host/config/config-loader.js';
import { Host } from '../host/host.js';
import { startHostRuntime, type HostRuntime } from '../host/host-runtime.js';
import { installLogging, type Logger } from '../host/logger.js';
import { installLastResort } from '../host/last-resort.js';
import { isStorageFull } from '../../offline-queue/index.js';
import { servePeer } from '../host/protocol-server.js';
import { BUILTIN_UPDATE_KEY } from '../host/fleet/update-keys.js';
import { installTarget, takeRollbackNote } from './fleet-installer.js';
import { existsSync, readFileSync } from 'node:fs';

interface PortLike {
  on(event: 'message', l: (e: { data: unknown }) => void): void;
  on(event: 'close', l: () => void): void;
  postMessage(message: unknown): void;
  start(): void;
}
interface ParentPort {
  on(event: 'message', l: (e: { data: unknown; ports: PortLike[] }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  process.stderr.write('host-process: must run inside an Electron utilityProcess\n');
  process.exit(2);
}

let logger: Logger | null = null;
// The main process sees the exit and restarts the host with back-off (recovery.ts).
installLastResort({ proc: 'host-process', logger: () => logger });

async function main(pp: ParentPort): Promise<void> {
  let host: Host;
  try {
    const { config } = loadConfig({ argv: process.argv.slice(2), env: process.env });
    logger = installLogging({ dataDir: config.dataDir, maxFileBytes: config.logging.maxFileBytes, maxFiles: config.logging.maxFiles, proc: 'electron-host' }).logger;
    host = await Host.create(config);
  } catch (e) {
    if (e instanceof ConfigError) {
      pp.postMessage({ type: 'config-error', lines: e.lines });
      process.exit(EX_CONFIG);
    }
    if (isStorageFull(e)) {
      // One line, no stack; the main process restarts us with back-off, so freeing space is enough.
      process.stderr.write('host-process: cannot start: the data disk is full; free some space\n');
      process.exit(74);
    }
    throw e;
  }
  let installAnswer: ((r: { ok: boolean; error?: string }) => void) | null = null;
  pp.on('message', (e) => {
    const data = e.data as { type?: string; ok?: boolean; error?: string };
    // Fleet telemetry `renderer.crashes`; the main process sees the renderer go.
    if (data?.type === 'renderer-crash') host.state.recordRendererCrash();
    if (data?.type === 'fleet-install-result') installAnswer?.({ ok: data.ok === true, error: data.error });
    const port = e.ports[0];
    if (!port || (e.data as { type?: string })?.type !== 'connect') return;
    const peer = servePeer(host, { send: (m) => port.postMessage(JSON.stringify(m)) });
    port.on('message', (m) => peer.receive(m.data));
    port.on('close', () => peer.close());
    port.start();
  });
  // The main process restarts the app (and applies a downloaded update) when the nightly restart is due.
  const runtime: HostRuntime = startHostRuntime(host, {
    onNightlyRestart: () => pp.postMessage({ type: 'nightly-restart' }),
    versions: { electron: process.versions.electron ?? 'unknown', chrome: process.versions.chrome ?? 'unknown' },
    // A verified fleet update is staged for the launcher by the main process (it owns the restart).
    fleetInstaller: {
      // A build without its key file refuses fleet updates (FirmwareUpdater says why); it still runs.
      updateKeyPem: existsSync(BUILTIN_UPDATE_KEY) ? readFileSync(BUILTIN_UPDATE_KEY, 'utf8') : '',
      unavailable: () => {
        const t = installTarget(process.env);
        return t.kind === 'launcher' ? null : t.reason;
      },
      install: (file, target) =>
        new Promise<void>((resolve, reject) => {
          installAnswer = (r) => (r.ok ? resolve() : reject(new Error(r.error ?? 'install refused')));
          pp.postMessage({ type: 'fleet-install', file, version: target.version, sha256: target.sha256 });
        }),
      rolledBack: () => {
        const t = installTarget(process.env);
        return t.kind === 'launcher' ? takeRollbackNote(t.dir) : null;
      },
    },
  });
  const stop = async () => {
    runtime.stop();
    await host.dispose();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  // A technician asked (behind the PIN) to restart or exit: that is the shell's job.
  host.onDidEmit((e) => {
    if (e.event === 'diag.restartRequested') pp.postMessage({ type: 'diag-restart', mode: (e.data as { mode: 'restart' | 'exit' }).mode });
  });
  pp.postMessage({ type: 'ready', info: host.info(), updates: host.config.updates, dataDir: host.config.dataDir });
}

main(parentPort).catch((e: unknown) => {
  process.stderr.write(`host-process: failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
