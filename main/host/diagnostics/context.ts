import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KioskConfig } from '../../../contracts/config.js';
import type { DiagCameraProbe, DiagDocumentCamera, DiagEvent, FleetStatusView } from '../../../contracts/diagnostics-protocol.js';
import { KioskError } from '../../../contracts/errors.js';
import { PROTOCOL_VERSION, type EventName, type EventOf } from '../../../contracts/protocol.js';
import type { Listener, Disposable } from '../../../common/events.js';
import type { DeviceHub } from '../../../drivers/hub.js';
import type { QueueService } from '../queue-service.js';
import { APP_VERSION } from '../version.js';
import { DiagnosticsAccess } from './access.js';
import type { DiagnosticsStore } from './audit-store.js';
import { backendHealth, diskSpace, networkState, redactedConfig, uptime, versions } from './system-info.js';

/** What diagnostics needs of the host (the Host class satisfies it). */
export interface DiagnosticsHost {
  readonly config: KioskConfig;
  readonly hub: DeviceHub;
  readonly queue: QueueService;
  readonly simulated: boolean;
  readonly diagnosticsStore: DiagnosticsStore;
  /** The fleet connection for the Fleet tab; null when no `fleet:` is configured. */
  readonly state: { fleetStatus(): FleetStatusView | null };
  /** The face engine, for the Camera entry's face boxes (FaceDesk.probe). */
  readonly faces: { probe(jpeg: Uint8Array, signal: AbortSignal): Promise<DiagCameraProbe> };
  /** The document camera's configuration and processing worker (MaterialsDesk.cameraHealth). */
  readonly materials: { cameraHealth(timeoutMs: number): Promise<DiagDocumentCamera> };
  readonly onDidEmit: (listener: Listener<{ event: EventName; data: unknown }>) => Disposable;
  emit<E extends EventName>(event: E, data: EventOf<E>): void;
  call(method: string, params: unknown, signal: AbortSignal): Promise<unknown>;
}

/** Events kept for the live log (newest last). */
const EVENT_LOG_SIZE = 200;

/** What every group of `diag.*` handlers shares: the host, the technician session, the audit and the live event log. */
export interface DiagnosticsContext {
  readonly host: DiagnosticsHost;
  readonly config: KioskConfig;
  readonly dataDir: string;
  readonly store: DiagnosticsStore;
  readonly access: DiagnosticsAccess;
  /** Device status and alert events, newest last, at most {@link EVENT_LOG_SIZE}. */
  readonly events: readonly DiagEvent[];
  /** Sessions whose camera check is already in the audit: the Camera entry probes every second, the audit says once that it was used. */
  readonly cameraAudited: Set<string>;
  /** Run `fn` and audit its outcome. */
  audited<T>(action: string, detail: string, fn: () => Promise<T>, describe?: (r: T) => string): Promise<T>;
  /** The removable drive when configured (it must be mounted), else `<dataDir>/exports`. */
  exportDir(): string;
  /** The System tab's figures (also written into a log export). */
  system(): Promise<Awaited<ReturnType<typeof systemView>>>;
}

export const stamp = (d = new Date()) => d.toISOString().replace(/[:.]/g, '-');

async function systemView(config: KioskConfig, dataDir: string, backendUrl: string, startedAt: Date) {
  return {
    versions: versions(APP_VERSION, PROTOCOL_VERSION),
    uptime: uptime(startedAt),
    disk: await diskSpace(dataDir),
    network: networkState(),
    backend: await backendHealth(backendUrl),
    exportDir: config.diagnostics.exportDir ?? join(dataDir, 'exports'),
    config: redactedConfig(config),
  };
}

function exportDirOf(config: KioskConfig, dataDir: string): string {
  const configured = config.diagnostics.exportDir;
  if (configured) {
    if (!existsSync(configured) || !statSync(configured).isDirectory()) throw new KioskError('not-available', `export: no drive mounted at ${configured}`, true);
    return configured;
  }
  const d = join(dataDir, 'exports');
  mkdirSync(d, { recursive: true });
  return d;
}

export function createDiagnosticsContext(host: DiagnosticsHost): DiagnosticsContext {
  const config = host.config;
  const dataDir = resolve(config.dataDir);
  const store = host.diagnosticsStore;
  const access = new DiagnosticsAccess({ store, pinHash: config.diagnostics.pinHash, simulated: host.simulated, sessionMs: config.diagnostics.sessionMin * 60_000 });
  const startedAt = new Date();
  const events: DiagEvent[] = [];
  host.onDidEmit(({ event, data }) => {
    if (event !== 'device.status' && event !== 'kiosk.alert') return;
    events.push({ at: new Date().toISOString(), event, data });
    if (events.length > EVENT_LOG_SIZE) events.splice(0, events.length - EVENT_LOG_SIZE);
  });
  const audited = async <T>(action: string, detail: string, fn: () => Promise<T>, describe?: (r: T) => string): Promise<T> => {
    try {
      const r = await fn();
      store.audit(action, true, describe ? `${detail}${detail ? '; ' : ''}${describe(r)}` : detail);
      return r;
    } catch (e) {
      store.audit(action, false, `${detail}${detail ? '; ' : ''}${(e as Error).message}`);
      throw e;
    }
  };
  return {
    host, config, dataDir, store, access, events, audited, cameraAudited: new Set<string>(),
    exportDir: () => exportDirOf(config, dataDir),
    system: () => systemView(config, dataDir, host.queue.backendUrl, startedAt),
  };
}
