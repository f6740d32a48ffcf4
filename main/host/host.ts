import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import createDebug from 'debug';
import type { KioskConfig } from '../../contracts/config.js';
import { KioskError } from '../../contracts/errors.js';
import { Methods, PROTOCOL_VERSION, type EventName, type EventOf, type HostInfo, type MethodName, type ResultOf } from '../../contracts/protocol.js';
import { Emitter } from '../../drivers/core/events.js';
import { DeviceHub, type DeviceFactories } from '../../drivers/hub.js';
import { defaultFactories } from './device-factories.js';
import { QueueService } from './queue-service.js';
import { loadServiceCatalog } from './service-catalog.js';
import type { ServiceDefinition } from '../../contracts/service-definition.js';
import { Session } from './session.js';
import { APP_VERSION } from './version.js';

const log = createDebug('kiosk:host');

export interface HostEvent {
  event: EventName;
  data: unknown;
}

type Handler<M extends MethodName> = (params: (typeof Methods)[M]['params']['_output'], signal: AbortSignal) => Promise<ResultOf<M>>;
type Handlers = { [M in MethodName]: Handler<M> };

export interface HostOptions {
  factories?: DeviceFactories;
  /** Folder of service definitions; default `KIOSK_SERVICES_DIR` or the app's `services/`. */
  servicesDir?: string;
}

/**
 * The host's composition root: config → device hub → session → method handlers. Both shells (the
 * browser host and Electron's utilityProcess) create exactly one Host and talk to it through
 * {@link Host.call} and {@link Host.onDidEmit}.
 */
export class Host {
  private readonly events = new Emitter<HostEvent>();
  readonly onDidEmit = this.events.event;
  readonly session = new Session();
  readonly bootId = randomUUID();
  private readonly handlers: Handlers;
  private disposed = false;

  private constructor(
    readonly config: KioskConfig,
    readonly hub: DeviceHub,
    readonly queue: QueueService,
    readonly services: ServiceDefinition[],
  ) {
    hub.onDidChangeStatus((s) => this.emit('device.status', s));
    queue.onDidChange((v) => this.emit('queue.status', v));
    queue.worker.onDidAlert((a) => this.emit('kiosk.alert', { kind: a.kind, message: 'message' in a ? a.message : a.kind }));
    hub.idCardReader.service.onDidRemoveCard(() => this.emit('idcard.removed', {}));
    this.handlers = this.createHandlers();
  }

  static async create(config: KioskConfig, options: HostOptions = {}): Promise<Host> {
    // A broken service definition stops start-up before any device is opened (CatalogError names the file).
    const services = loadServiceCatalog(options.servicesDir ?? process.env.KIOSK_SERVICES_DIR ?? undefined);
    mkdirSync(config.dataDir, { recursive: true });
    const hub = await DeviceHub.create(config.devices, options.factories ?? defaultFactories, { dataDir: config.dataDir });
    log('devices: %o', hub.statuses().map((s) => `${s.id}=${s.state}`));
    let queue: QueueService;
    try {
      queue = await QueueService.start(config);
    } catch (e) {
      await hub.dispose();
      throw e;
    }
    return new Host(config, hub, queue, services);
  }

  get simulated(): boolean {
    return this.hub.statuses().every((s) => s.simulated);
  }

  info(): HostInfo {
    const c = this.config;
    return {
      protocol: PROTOCOL_VERSION,
      version: APP_VERSION,
      kioskId: c.kioskId,
      locale: c.locale,
      simulated: this.simulated,
      devPanel: c.ui.devPanel && this.hub.statuses().some((s) => s.simulated),
      hall: c.hall,
      ui: { idleTimeoutSec: c.ui.idleTimeoutSec, idleWarningSec: c.ui.idleWarningSec },
      bootId: this.bootId,
    };
  }

  emit<E extends EventName>(event: E, data: EventOf<E>): void {
    this.events.fire({ event, data });
  }

  /**
   * Validate and run one request. `method` and `params` come from outside the process: both are
   * checked against the contract before any typed code sees them.
   */
  async call(method: string, params: unknown, signal: AbortSignal): Promise<unknown> {
    if (this.disposed) throw new KioskError('not-available', 'the host is shutting down', true);
    if (!Object.prototype.hasOwnProperty.call(Methods, method)) throw new KioskError('unknown-method', `unknown method "${method}"`);
    const m = method as MethodName;
    const parsed = Methods[m].params.safeParse(params ?? {});
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new KioskError('bad-request', `${method}: ${first?.path.join('.') || 'params'}: ${first?.message ?? 'invalid'}`);
    }
    const handler = this.handlers[m] as (p: unknown, s: AbortSignal) => Promise<unknown>;
    return handler(parsed.data, signal);
  }

  private simOnly<T>(what: string, control: T | null): T {
    if (!control || !this.info().devPanel) throw new KioskError('not-available', `${what}: only with simulated devices and the developer panel`);
    return control;
  }

  private createHandlers(): Handlers {
    const hub = this.hub;
    return {
      'host.info': async () => this.info(),
      'devices.list': async () => hub.statuses(),
      'idcard.read': async (p, signal) => {
        const card = await hub.idCardReader.service.readCard({ timeoutMs: p.timeoutMs, signal });
        return this.session.setIdentity(card);
      },
      'scanner.scan': async (p, signal) => {
        const r = await hub.scanner.service.scanOnce({ timeoutMs: p.timeoutMs, signal });
        return { data: r.data, source: r.source, symbology: r.symbology };
      },
      'printer.status': async (_p, signal) => hub.receiptPrinter.service.readPrinterStatus({ timeoutMs: 3000, signal }),
      'session.end': async (p) => {
        this.session.wipe();
        this.emit('session.wiped', { reason: p.reason });
        return {};
      },
      'submission.submit': async (p) => {
        const identity = this.session.current();
        if (p.withIdentity && !identity) throw new KioskError('bad-request', 'this service needs the citizen to identify first');
        const payload: Record<string, unknown> = { data: p.data };
        if (p.withIdentity && identity) {
          payload.identity = { cardType: identity.cardType, name: identity.name, idNumber: identity.idNumber };
        }
        const id = this.queue.enqueue(p.serviceId, payload);
        return { id, queued: true as const, online: this.queue.online() };
      },
      'queue.status': async () => this.queue.view(),
      'services.list': async () => ({ services: this.services }),
      'sim.state': async () => ({
        cards: hub.idCardReader.sim?.listCards() ?? [],
        printer: hub.receiptPrinter.sim?.state() ?? null,
      }),
      'sim.placeCard': async (p) => {
        this.simOnly('sim.placeCard', hub.idCardReader.sim).placeCard(p.key);
        return {};
      },
      'sim.removeCard': async () => {
        this.simOnly('sim.removeCard', hub.idCardReader.sim).removeCard();
        return {};
      },
      'sim.scan': async (p) => {
        this.simOnly('sim.scan', hub.scanner.sim).scan(p.data);
        return {};
      },
      'sim.setPrinter': async (p) => {
        this.simOnly('sim.setPrinter', hub.receiptPrinter.sim).setState(p);
        return {};
      },
    };
  }

  /** The one shutdown path: wipe the session, close devices (ports, handles) and stores. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.session.wipe();
    this.events.clear();
    const results = await Promise.allSettled([this.queue.dispose(), this.hub.dispose()]);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length) throw new AggregateError(failed.map((f) => f.reason), 'host: some parts failed to close');
  }
}
