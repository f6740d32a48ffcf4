import { join } from 'node:path';
import { APP_ROOT } from './version.js';
import { ConfigError, EX_CONFIG, loadConfig } from './config/config-loader.js';
import { Host } from './host.js';
import { startBrowserHost } from './browser-host.js';
import { startHostRuntime } from './host-runtime.js';
import { DIAG_RESTART_EXIT_CODE } from '../../contracts/diagnostics-protocol.js';
import { installLogging, type Logger } from './logger.js';
import { installLastResort } from './last-resort.js';
import { describeTrouble } from './rotating-file.js';
import { isStorageFull } from '../../offline-queue/index.js';

/** Exit code when start-up finds the disk full (sysexits EX_IOERR): distinct, so a supervisor can tell. */
const EX_DISK_FULL = 74;

/**
 * `npm run host`: the browser host. Prints `kiosk ready at http://127.0.0.1:PORT/` once it accepts
 * connections; SIGTERM/SIGINT close devices and the database and exit 0 within 5 s.
 */


let logger: Logger | null = null;
installLastResort({ proc: 'kiosk', logger: () => logger });

async function main(): Promise<void> {
  let loaded;
  try {
    loaded = loadConfig({ argv: process.argv.slice(2), env: process.env });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(e.lines.join('\n') + '\n');
      process.exit(EX_CONFIG);
    }
    throw e;
  }
  const { config } = loaded;
  // Structured, rotated, redacted logs in <dataDir>/logs; the `debug` output goes there too.
  // A log outage during start-up is held back: on a full disk the one line below says it all.
  let started = false;
  let heldBack: string | null = null;
  const logPath = join(config.dataDir, 'logs', 'kiosk.log');
  logger = installLogging({
    dataDir: config.dataDir,
    maxFileBytes: config.logging.maxFileBytes,
    maxFiles: config.logging.maxFiles,
    proc: 'browser-host',
    onTrouble: (t) => {
      const line = `${describeTrouble(logPath, t)}\n`;
      if (started) process.stderr.write(line);
      else heldBack ??= line;
    },
  }).logger;
  let host: Host;
  try {
    host = await Host.create(config);
  } catch (e) {
    if (!isStorageFull(e)) throw e;
    // One line a technician can act on; no stack trace for a full disk.
    process.stderr.write(`kiosk: cannot start: the disk holding ${config.dataDir} is full; free some space and start again\n`);
    process.exit(EX_DISK_FULL);
  }
  started = true;
  if (heldBack) process.stderr.write(heldBack);
  let web;
  try {
    web = await startBrowserHost(host, { port: config.host.port, rendererDir: join(APP_ROOT, 'renderer', 'dist') });
  } catch (e) {
    await host.dispose();
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(code === 'EADDRINUSE' ? `kiosk: port ${config.host.port} is in use (set KIOSK_PORT or host.port)\n` : `kiosk: cannot listen: ${String(e)}\n`);
    process.exit(1);
  }

  let stopping = false;
  // The nightly restart needs a supervisor to start us again: systemd (INVOCATION_ID) or one that says so.
  const supervised = Boolean(process.env.INVOCATION_ID) || process.env.KIOSK_SUPERVISED === '1';
  const runtime = startHostRuntime(host, { onNightlyRestart: supervised ? () => void stop('nightly restart') : undefined });
  // A technician's restart/exit from diagnostics (PIN-checked, audited): exit 0, or the restart code
  // a supervisor (systemd `RestartForceExitStatus=75`, or npm start's loop) acts on.
  host.onDidEmit((e) => {
    if (e.event !== 'diag.restartRequested') return;
    const code = (e.data as { mode: string }).mode === 'restart' ? DIAG_RESTART_EXIT_CODE : 0;
    // Let the technician's request be answered before the sockets close.
    setTimeout(() => void stop('technician', code), 200);
  });
  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    runtime.stop();
    // Hard deadline: the contract gives 5 s; never hang on a stuck device.
    const deadline = setTimeout(() => {
      process.stderr.write('kiosk: shutdown took too long, exiting\n');
      process.exit(1);
    }, 4500);
    deadline.unref();
    try {
      await web.close();
      await host.dispose();
      process.stderr.write(`kiosk: stopped (${signal})\n`);
      process.exit(exitCode);
    } catch (e) {
      process.stderr.write(`kiosk: error while stopping: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.stdout.write(`kiosk ready at ${web.url}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`kiosk: failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
