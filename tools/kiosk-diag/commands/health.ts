import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HealthResult } from '../../../contracts/devices.js';
import { isKioskErrorLike } from '../../../contracts/errors.js';
import { withTimeout } from '../../../drivers/core/request.js';
import { DeviceHub } from '../../../drivers/hub.js';
import { ConfigError, loadConfig } from '../../../main/host/config/config-loader.js';
import { defaultFactories } from '../../../drivers/devices.js';
import { checkDocumentCamera, describeDocumentCamera } from '../../../main/host/materials/camera-health.js';
import { PageProcessor } from '../../../main/host/materials/page-processor.js';
import { Exit, parse, UsageError, type CommandContext, positiveInt } from '../cli.js';

/**
 * `kiosk-diag health [--config FILE] [--external] [--timeout MS] --json`
 * Opens every configured device the way the kiosk does and runs its health check (internal by
 * default; `--external` also reads, scans or prints a test), printing
 * `{"devices":[{"id","kind","state","detail",…}]}` (or one line per device on stdout). The report is
 * printed either way; the exit code says whether the kiosk can serve: 0 when every configured device
 * is ready, 4 (device error) when any is offline, busy, in error or failed its check.
 * The document camera is listed too: its configuration and whether its processing worker (OpenCV)
 * starts, as the kiosk's screen, not the host, opens the camera itself (a kiosk without one is fine).
 */
export const USAGE = 'usage: kiosk-diag health [--config FILE] [--external] [--timeout MS] [--json]   (no --config: the built-in simulated devices)';

export async function run(ctx: CommandContext): Promise<number> {
  const { values } = parse(ctx.argv, {
    config: { type: 'string' },
    external: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '8000' },
  });
  const timeoutMs = positiveInt(values.timeout, '--timeout');
  let config;
  let file: string | null;
  try {
    ({ config, file } = loadConfig({ argv: values.config ? ['--config', values.config] : [], env: process.env }));
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.lines.join('; '));
    throw e;
  }
  // Simulated devices keep their scratch files out of the kiosk's real data directory.
  const scratch = mkdtempSync(join(tmpdir(), 'kiosk-health-'));
  const hub = await DeviceHub.create(config.devices, defaultFactories, { dataDir: scratch, documentFont: { fontPath: config.documents.fontPath, fontName: config.documents.fontName } });
  try {
    const level = values.external ? 'external' : 'internal';
    const devices = [];
    for (const d of hub.devices()) {
      const r = await withDeadline(d.checkHealth(level), timeoutMs, d.id, level);
      const s = d.status();
      devices.push({ id: d.id, kind: d.kind, state: r.state, detail: r.detail ?? s.detail, ok: r.ok, action: r.action, message: r.message, model: s.model, transport: s.transport, simulated: s.simulated });
    }
    const camera = await documentCamera(config.devices.documentCamera, timeoutMs);
    if (ctx.json) ctx.out({ devices: [...devices, camera] });
    else {
      // Without a config every device is one of the kiosk's own simulators: "ready" then says
      // nothing about this machine's hardware, so the report says so first.
      if (file === null) ctx.print('simulated devices (no --config): run with --config FILE to check the real ones');
      for (const d of devices) {
        const where = `${d.transport}${d.simulated && file !== null ? ' (simulated)' : ''}`;
        ctx.print(`${d.kind.padEnd(17)} ${d.state.padEnd(8)} ${where}${d.detail ? ` ${d.detail}` : ''}${d.ok ? '' : ` → ${d.action}: ${d.message}`}`);
      }
      ctx.print(`${camera.kind.padEnd(17)} ${camera.state.padEnd(8)} ${describeDocumentCamera(camera)}`);
    }
    return devices.every((d) => d.ok && d.state === 'ready') && camera.ok ? Exit.ok : Exit.device;
  } finally {
    await hub.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The document camera's configuration and a start of the processing worker the kiosk uses. OpenCV
 * compiles when the worker starts (about a second; 23 s was seen on a machine at load 16): it gets the
 * same 60 s a capture gives it.
 */
async function documentCamera(config: Parameters<typeof checkDocumentCamera>[0], timeoutMs: number) {
  const processor = new PageProcessor('document camera', 60_000);
  try {
    return await checkDocumentCamera(config, processor, Math.max(timeoutMs, 60_000));
  } finally {
    await processor.dispose();
  }
}

/** A health check that fails or does not answer in time is reported as such, not waited on forever. */
function withDeadline(p: Promise<HealthResult>, ms: number, id: string, level: HealthResult['level']): Promise<HealthResult> {
  return withTimeout(`${id} health check`, { timeoutMs: ms }, () => p).catch((e: unknown) => ({
    id,
    level,
    ok: false,
    state: 'error' as const,
    detail: isKioskErrorLike(e) && e.code === 'timeout' ? 'health-check-timeout' : 'health-check-failed',
    action: 'reset' as const,
    message: e instanceof Error ? e.message : String(e),
  }));
}
