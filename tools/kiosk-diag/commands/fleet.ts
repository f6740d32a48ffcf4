import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError, loadConfig } from '../../../main/host/config/config-loader.js';
import { readFleetStatus } from '../../../main/host/fleet/index.js';
import { readToken } from '../../../main/host/fleet/token-store.js';
import { Exit, parse, UsageError, type CommandContext } from '../cli.js';

/**
 * `kiosk-diag fleet status [--config FILE | --data DIR] --json`: the fleet connection as the running
 * host last wrote it (`<dataDir>/fleet/status.json`), with what is on disk now: the telemetry
 * buffered for the broker and whether a provisioned token is kept. Never prints a token.
 */
const USAGE = 'usage: kiosk-diag fleet status [--config FILE | --data DIR] [--json]';

export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(ctx.argv, { config: { type: 'string' }, data: { type: 'string' } });
  if (positionals.length !== 1 || positionals[0] !== 'status') throw new UsageError(USAGE);
  let dataDir: string;
  let configured: boolean | null = null;
  let telemetrySec = 60;
  if (values.data) dataDir = resolve(values.data);
  else {
    try {
      const { config } = loadConfig({ argv: values.config ? ['--config', values.config] : [], env: process.env });
      dataDir = config.dataDir;
      configured = config.fleet !== undefined;
      telemetrySec = config.fleet?.telemetrySec ?? 60;
      if (config.fleet?.accessToken) configured = true;
    } catch (e) {
      if (e instanceof ConfigError) throw new UsageError(e.lines.join('; '));
      throw e;
    }
  }
  const status = readFleetStatus(dataDir);
  const bufferFile = join(dataDir, 'fleet', 'telemetry.sqlite');
  let bufferedOnDisk: number | null = null;
  if (existsSync(bufferFile)) {
    const db = new Database(bufferFile, { readonly: true, fileMustExist: true });
    try {
      bufferedOnDisk = (db.prepare('SELECT COUNT(*) AS n FROM telemetry').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
  const updatedMs = status ? Date.parse(status.updatedAt) : NaN;
  const out = {
    configured: configured ?? status !== null,
    // The host rewrites the file at least every telemetry period while it runs.
    fresh: Number.isFinite(updatedMs) && Date.now() - updatedMs <= 3 * telemetrySec * 1000,
    connected: status?.connected ?? false,
    state: status?.state ?? 'not-started',
    url: status?.url ?? null,
    lastTelemetryAt: status?.lastTelemetryAt ?? null,
    buffered: bufferedOnDisk ?? status?.buffered ?? 0,
    dropped: status?.dropped ?? 0,
    tokenPresent: (status?.tokenSource === 'config' && status.tokenPresent) || readToken(dataDir) !== null,
    tokenSource: status?.tokenSource ?? (readToken(dataDir) ? 'provisioned' : null),
    remoteConfig: status?.remoteConfig ?? null,
    lastCommand: status?.lastCommand ?? null,
    outOfService: status?.outOfService ?? { on: false, message: null },
    firmware: status?.firmware ?? null,
    lastError: status?.lastError ?? null,
    updatedAt: status?.updatedAt ?? null,
  };
  if (ctx.json) ctx.out(out);
  else {
    process.stdout.write(
      [
        `fleet       ${out.configured ? (out.connected ? `connected to ${out.url}` : `${out.state}${out.url ? ` (${out.url})` : ''}`) : 'not configured'}`,
        `telemetry   last sent ${out.lastTelemetryAt ?? 'never'}, ${out.buffered} buffered, ${out.dropped} dropped`,
        `token       ${out.tokenPresent ? `present (${out.tokenSource})` : 'none'}`,
        `config      ${out.remoteConfig ? `${out.remoteConfig.state} ${out.remoteConfig.hash}${out.remoteConfig.error ? `: ${out.remoteConfig.error}` : ''}` : 'no remote config'}`,
        `command     ${out.lastCommand ? `${out.lastCommand.method} ${out.lastCommand.ok ? 'ok' : out.lastCommand.code} at ${out.lastCommand.at}` : 'none'}`,
      ].join('\n') + '\n',
    );
  }
  return Exit.ok;
}
