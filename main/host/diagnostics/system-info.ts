import { statfs } from 'node:fs/promises';
import { networkInterfaces, release, uptime as osUptime } from 'node:os';
import type { KioskConfig } from '../../../contracts/config.js';
import type { DiagSystem } from '../../../contracts/diagnostics-protocol.js';
import { toErrorData } from '../../../contracts/errors.js';

const HIDDEN = '(hidden)';

/** The config in effect with its secrets replaced: the back-end token and the PIN hash. */
export function redactedConfig(config: KioskConfig): unknown {
  const c = structuredClone(config) as KioskConfig;
  c.backend.token = HIDDEN;
  if (c.diagnostics.pinHash) c.diagnostics.pinHash = HIDDEN;
  return c;
}

/** `GET {url}/v1/health` with a timeout: reachable when it answers 200. */
export async function backendHealth(url: string, timeoutMs = 3000): Promise<DiagSystem['backend']> {
  const t0 = performance.now();
  try {
    const r = await fetch(new URL('/v1/health', url), { signal: AbortSignal.timeout(timeoutMs) });
    await r.arrayBuffer();
    return { url, ok: r.status === 200, status: r.status, ms: Math.round(performance.now() - t0), error: r.status === 200 ? null : `HTTP ${r.status}` };
  } catch (e) {
    return { url, ok: false, status: null, ms: Math.round(performance.now() - t0), error: toErrorData(e).message };
  }
}

export async function diskSpace(path: string): Promise<DiagSystem['disk']> {
  const s = await statfs(path);
  return { path, totalBytes: s.blocks * s.bsize, availableBytes: s.bavail * s.bsize };
}

export function networkState(): DiagSystem['network'] {
  const interfaces: DiagSystem['network']['interfaces'] = [];
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    for (const a of addrs ?? []) if (!a.internal) interfaces.push({ name, family: a.family, address: a.address });
  }
  return { online: interfaces.length > 0, interfaces };
}

export function versions(appVersion: string, protocol: number): Record<string, string | null> {
  return {
    app: appVersion,
    protocol: String(protocol),
    node: process.versions.node,
    electron: process.versions.electron ?? null,
    chrome: process.versions.chrome ?? null,
    os: `${process.platform} ${release()} ${process.arch}`,
  };
}

export function uptime(startedAt: Date): DiagSystem['uptime'] {
  return { processSec: Math.round(process.uptime()), systemSec: Math.round(osUptime()), startedAt: startedAt.toISOString() };
}
