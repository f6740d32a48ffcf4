import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KioskConfig } from '../../../contracts/config.js';
import type { DiagCameraProbe, DiagEvent, DiagnosticsMethodName, FleetStatusView } from '../../../contracts/diagnostics-protocol.js';
import { KioskError } from '../../../contracts/errors.js';
import { MAX_FRAME_BYTES } from '../../../contracts/identity.js';
import { PROTOCOL_VERSION, type EventName, type EventOf, type HandlerTable } from '../../../contracts/protocol.js';
import type { RequestOptions } from '../../../drivers/core/device.js';
import type { Listener, Disposable } from '../../../common/events.js';
import { renderCalibrationSheet } from '../../../documents/index.js';
import type { DeviceHub } from '../../../drivers/hub.js';
import type { QueueService } from '../queue-service.js';
import { SheetSerials } from '../sheet-serial-store.js';
import { APP_VERSION } from '../version.js';
import { DiagnosticsAccess } from './access.js';
import type { DiagnosticsStore } from './audit-store.js';
import { describeDeviceTest, runDeviceTest } from './device-test.js';
import { effectiveCalibration, roundOffset, saveCalibration } from './calibration-store.js';
import { sealExport } from './export-crypto.js';
import { describeEscPos, describeSam, parseHex, samReplyForConsole, toHex } from './raw-console.js';
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
  readonly onDidEmit: (listener: Listener<{ event: EventName; data: unknown }>) => Disposable;
  emit<E extends EventName>(event: E, data: EventOf<E>): void;
  call(method: string, params: unknown, signal: AbortSignal): Promise<unknown>;
}

export type DiagnosticsHandlers = HandlerTable<DiagnosticsMethodName>;

/** Events kept for the live log (newest last). */
const EVENT_LOG_SIZE = 200;

interface DirectIO {
  directIO(bytes: Uint8Array, options: RequestOptions): Promise<Uint8Array>;
}

function directIOOf(service: unknown, id: string): DirectIO {
  if (typeof (service as Partial<DirectIO>).directIO !== 'function') throw new KioskError('not-available', `${id}: this transport has no raw console`);
  return service as DirectIO;
}

const stamp = (d = new Date()) => d.toISOString().replace(/[:.]/g, '-');

/**
 * The `diag.*` method handlers, spread into the host's handler map. Every handler but
 * `diag.status`/`diag.enter` checks the session token first; technician actions are audited in
 * `<dataDir>/diagnostics.sqlite`.
 */
export function createDiagnosticsHandlers(host: DiagnosticsHost): DiagnosticsHandlers {
  const config = host.config;
  const dataDir = resolve(config.dataDir);
  const store = host.diagnosticsStore;
  const access = new DiagnosticsAccess({ store, pinHash: config.diagnostics.pinHash, simulated: host.simulated, sessionMs: config.diagnostics.sessionMin * 60_000 });
  const serials = new SheetSerials(config.dataDir, config.documents.stock);
  const startedAt = new Date();
  const events: DiagEvent[] = [];
  /** Sessions whose camera check is already in the audit: the Camera entry probes every second, the audit says once that it was used. */
  const cameraAudited = new Set<string>();
  host.onDidEmit(({ event, data }) => {
    if (event !== 'device.status' && event !== 'kiosk.alert') return;
    events.push({ at: new Date().toISOString(), event, data });
    if (events.length > EVENT_LOG_SIZE) events.splice(0, events.length - EVENT_LOG_SIZE);
  });

  /** The removable drive when configured (it must be mounted), else `<dataDir>/exports`. */
  const exportDir = (): string => {
    const configured = config.diagnostics.exportDir;
    if (configured) {
      if (!existsSync(configured) || !statSync(configured).isDirectory()) throw new KioskError('not-available', `export: no drive mounted at ${configured}`, true);
      return configured;
    }
    const d = join(dataDir, 'exports');
    mkdirSync(d, { recursive: true });
    return d;
  };
  const exportDirLabel = () => config.diagnostics.exportDir ?? join(dataDir, 'exports');

  /** Run `fn` and audit its outcome. */
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

  const system = async () => ({
    versions: versions(APP_VERSION, PROTOCOL_VERSION),
    uptime: uptime(startedAt),
    disk: await diskSpace(dataDir),
    network: networkState(),
    backend: await backendHealth(host.queue.backendUrl),
    exportDir: exportDirLabel(),
    config: redactedConfig(config),
  });

  return {
    'diag.status': async () => access.status(),
    'diag.enter': async (p) => access.enter(p.pin),
    'diag.exit': async (p, signal) => {
      access.exit(p.token);
      cameraAudited.delete(p.token);
      // Leaving returns to the attract screen: nothing of a citizen's session survives.
      await host.call('session.end', { reason: 'home' }, signal);
      return {};
    },
    'diag.fleet': async (p) => {
      access.check(p.token);
      return { status: host.state.fleetStatus() };
    },
    'diag.devices': async (p) => {
      access.check(p.token);
      return { devices: host.hub.statuses(), events: [...events] };
    },
    'diag.checkHealth': async (p) => {
      access.check(p.token);
      return audited(`health-${p.level}`, p.id, () => host.hub.checkHealth(p.id, p.level), (r) => `${r.ok ? 'ok' : 'failed'} ${r.state}${r.detail ? `/${r.detail}` : ''}, action ${r.action}`);
    },
    'diag.deviceTest': async (p, signal) => {
      access.check(p.token);
      return audited('test-external', p.device, () => runDeviceTest(host.hub, p.device, { timeoutMs: p.timeoutMs, signal, kioskId: config.kioskId }), describeDeviceTest);
    },
    'diag.raw': async (p, signal) => {
      access.check(p.token);
      const bytes = parseHex(p.hex);
      const handle = p.device === 'idcard-reader' ? host.hub.idCardReader : host.hub.receiptPrinter;
      const io = directIOOf(handle.service, p.device);
      // Only what was sent is audited: a reply may hold a card's personal data.
      return audited('raw-send', `${p.device}: ${toHex(bytes)}`, async () => {
        const reply = await io.directIO(bytes, { timeoutMs: p.timeoutMs, signal });
        if (p.device === 'idcard-reader') return { sent: toHex(bytes), reply: samReplyForConsole(bytes, reply), decoded: describeSam(bytes, reply), replyBytes: reply.length };
        return { sent: toHex(bytes), reply: toHex(reply), decoded: describeEscPos(bytes, reply), replyBytes: reply.length };
      }, (r) => `${r.replyBytes} bytes back`);
    },
    'diag.calibration.get': async (p) => {
      access.check(p.token);
      return effectiveCalibration(config);
    },
    'diag.calibration.save': async (p) => {
      access.check(p.token);
      const before = effectiveCalibration(config)[p.paper];
      return audited('calibration-save', `${p.paper}: ${before.xMm}/${before.yMm} → ${roundOffset(p.offset.xMm)}/${roundOffset(p.offset.yMm)} mm`, async () => saveCalibration(config, p.paper, p.offset));
    },
    'diag.calibration.print': async (p, signal) => {
      access.check(p.token);
      const offset = { xMm: roundOffset(p.offset.xMm), yMm: roundOffset(p.offset.yMm) };
      return audited('calibration-print', `${p.paper} at ${offset.xMm}/${offset.yMm} mm`, async () => {
        const pdf = await renderCalibrationSheet({ paper: p.paper, offset, font: { fontPath: config.documents.fontPath, fontName: config.documents.fontName } });
        const out = await host.hub.documentPrinter.service.printPdf(pdf, { paper: p.paper, timeoutMs: 120_000, signal, title: `calibration ${p.paper}` });
        return { jobId: out.jobId };
      }, (r) => `job ${r.jobId}`);
    },
    'diag.serials.get': async (p) => {
      access.check(p.token);
      return serials.view();
    },
    'diag.serials.set': async (p) => {
      access.check(p.token);
      const before = serials.view()[p.paper];
      // Serials are no personal data: the old and new one are both in the audit.
      return audited('sheet-serial-set', `${p.paper}: ${before.next ?? '(none)'} after ${before.used} sheets → ${p.first.toUpperCase()}`, async () => serials.set(p.paper, p.first));
    },
    'diag.queue': async (p) => {
      access.check(p.token);
      return { ...host.queue.view(), deadItems: host.queue.outbox.listDead() };
    },
    'diag.queue.retry': async (p) => {
      access.check(p.token);
      return audited('queue-retry', p.id, async () => {
        if (!host.queue.outbox.retry(p.id)) throw new KioskError('not-found', `no dead item ${p.id}`);
        return {};
      });
    },
    'diag.queue.discard': async (p) => {
      access.check(p.token);
      return audited('queue-discard', `${p.id}: ${p.reason}`, async () => {
        if (!host.queue.outbox.discard(p.id, p.reason)) throw new KioskError('not-found', `no dead item ${p.id}`);
        return {};
      });
    },
    'diag.queue.export': async (p) => {
      access.check(p.token);
      return audited('queue-export', '', async () => {
        const dir = exportDir();
        const items = host.queue.outbox.exportDead();
        const plain = Buffer.from(JSON.stringify({ kioskId: config.kioskId, exportedAt: new Date().toISOString(), items }));
        const sealed = await sealExport(plain, p.passphrase);
        const file = join(dir, `dead-${config.kioskId}-${stamp()}.okx.json`);
        writeFileSync(file, JSON.stringify(sealed));
        return { file, count: items.length };
      }, (r) => `${r.count} items to ${r.file}`);
    },
    'diag.system': async (p) => {
      access.check(p.token);
      return system();
    },
    'diag.logs.export': async (p) => {
      access.check(p.token);
      return audited('logs-export', '', async () => {
        const dir = join(exportDir(), `kiosk-logs-${config.kioskId}-${stamp()}`);
        mkdirSync(dir, { recursive: true });
        const files: string[] = [];
        const write = (name: string, text: string) => {
          writeFileSync(join(dir, name), text);
          files.push(name);
        };
        write('audit.jsonl', store.entries(10_000).reverse().map((e) => JSON.stringify(e)).join('\n') + '\n');
        write('events.jsonl', events.map((e) => JSON.stringify(e)).join('\n') + '\n');
        write('system.json', JSON.stringify(await system(), null, 2));
        // The host's rotated structured logs (kiosk.log, kiosk.log.1 …): personal data is redacted at write time.
        const logs = join(dataDir, 'logs');
        if (existsSync(logs)) {
          for (const name of readdirSync(logs)) {
            if (!statSync(join(logs, name)).isFile()) continue;
            copyFileSync(join(logs, name), join(dir, name));
            files.push(name);
          }
        }
        return { dir, files };
      }, (r) => `${r.files.length} files to ${r.dir}`);
    },
    'diag.audit': async (p) => {
      access.check(p.token);
      return { entries: store.entries(p.limit) };
    },
    'diag.cameraProbe': async (p, signal) => {
      access.check(p.token);
      const bytes = Buffer.from(p.jpegBase64, 'base64');
      // A JPEG starts with SOI (FF D8); anything else is refused before the face engine sees it.
      if (bytes.length < 4 || bytes.length > MAX_FRAME_BYTES || bytes[0] !== 0xff || bytes[1] !== 0xd8) {
        throw new KioskError('bad-request', `diag.cameraProbe: jpegBase64 is not a JPEG of at most ${MAX_FRAME_BYTES} bytes`);
      }
      // The frame may show the technician's face: it is zeroed once the engine is done with it.
      const run = () => host.faces.probe(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), signal).finally(() => bytes.fill(0));
      if (cameraAudited.has(p.token)) return run();
      cameraAudited.add(p.token);
      return audited('camera-probe', `${bytes.length} bytes`, run, (r) => `${r.width}x${r.height}, ${r.faces.length} faces, ${Math.round(r.ms)} ms`);
    },
    'diag.restart': async (p) => {
      access.check(p.token);
      store.audit(p.mode === 'restart' ? 'restart-app' : 'exit-kiosk', true, 'requested by the technician');
      // The shell owns the process: it listens for this event (Electron: app.relaunch; browser host: exit code).
      host.emit('diag.restartRequested', { mode: p.mode });
      return {};
    },
  };
}
